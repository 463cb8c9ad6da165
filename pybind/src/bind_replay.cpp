// Kernel.replay(): a recorded fixture played into this kernel with `symemu replay`'s parser,
// runner and player (emulator/harness), events entering through the same in-process paths as
// mqtt_publish and http_request.
#include <pybind11/stl.h>

#include "bindings.h"
#include "symemu/harness/fixture.h"
#include "symemu/harness/kernel_replay_player.h"
#include "py_kernel_host.h"
#include "symemu/harness/replay_runner.h"

namespace symemu::python {

namespace {
py::dict reportDict(const harness::Fixture& fx, const harness::ReplayReport& r,
                    const std::vector<std::string>& problems, double start) {
  py::list errors;
  for (const auto& e : r.errors) {
    py::dict d;
    d["line"] = e.line;
    d["label"] = e.label;
    d["message"] = e.message;
    d["text"] = fx.where(e.line) + ": " + (e.label == "fixture" ? "" : e.label + ": ") + e.message;
    errors.append(d);
  }
  py::dict out;
  out["file"] = fx.file;
  out["description"] = fx.description;
  out["events"] = r.events;
  out["played"] = r.played;
  out["skipped"] = r.skipped;
  out["errors"] = errors;
  out["log_problems"] = problems;
  out["start"] = start;
  out["seconds"] = r.seconds;
  out["summary"] = r.summary(fx.file);
  return out;
}
}  // namespace

void bindReplay(PyKernelClass& cls) {
  cls.def(
      "replay",
      [](PyKernel& k, py::object path, std::optional<std::string> password, bool autoCreate) {
        std::string file = py::module_::import("os").attr("fspath")(path).cast<std::string>();
        if (k.closed()) throw KernelError("kernel is closed");
        harness::Fixture fx;
        harness::ReplayReport report;
        std::vector<std::string> problems;
        double start = 0;
        {
          py::gil_scoped_release nogil;
          try {
            fx = harness::loadFixture(file, k.libraries());
          } catch (const KernelError&) {
            throw;
          } catch (const std::exception& e) {
            throw KernelError(e.what());
          }
          harness::KernelReplaySettings s;
          s.password = password.value_or("");
          s.autoCreate = autoCreate;
          s.start = fx.start;
          PyKernelHost host(k);
          harness::KernelReplayPlayer player(host, k.libraries(), s);
          harness::ReplayHooks hooks;
          hooks.takeLogProblems = [&player, &problems] {
            auto taken = player.takeLogProblems();
            problems.insert(problems.end(), taken.begin(), taken.end());
            return taken;
          };
          report = harness::runReplay(fx, player, hooks);
          start = player.start();
        }
        return reportDict(fx, report, problems, start);
      },
      py::arg("fixture_path"), py::arg("password") = py::none(), py::arg("auto_create") = false,
      R"doc(Plays a replay fixture (JSON Lines, fixtures/README.md) into this kernel, like
`symemu replay --target in-process` but on this kernel and its database.

mqtt events enter as mqtt_publish() does, http events as http_request() does (events with a
"user" send Basic auth with `password`, which also replaces "${PASSWORD}" in property values),
actions create_all / set_property / create_instance / advance run as in `symemu replay`. With
the manual clock the kernel moves to each event's offset from the fixture's "start" (a kernel
whose clock is already past it counts the offsets from its current time: create the kernel
with clock_start=<the fixture's start> to get the times `symemu replay` gives); with a real
clock events play without waiting and "advance" fails.
auto_create adds a SmartLogDiscovery under the MQTT Server (`--auto-create`). Missing default
chains are created (ensure_default_chains).

A bad line or a failed event does not stop the replay. Returns a dict: file, description,
events, played, skipped, errors [{line, label, message, text}] in line order, log_problems
(kernel log errors/warnings, "sender: message"), start (kernel time of offset 0), seconds,
summary (the CLI's line). Raises
KernelError when the file cannot be read.)doc");
}

}  // namespace symemu::python
