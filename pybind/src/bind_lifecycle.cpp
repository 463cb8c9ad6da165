// Construction, shutdown, durability, the clock and whole-tree views.
#include <pybind11/stl.h>

#include "bindings.h"
#include "symemu/kernel/snapshot.h"
#include "py_values.h"

namespace symemu::python {

namespace {
std::string fspath(py::handle path) { return py::module_::import("os").attr("fspath")(path).cast<std::string>(); }

std::unique_ptr<PyKernel> makeKernel(py::object db, py::object seed, const std::string& clock, py::object libraries,
                                     bool defaultLibraries, std::optional<double> clockStart, bool network) {
  return std::make_unique<PyKernel>(pyKernelOptions(db, seed, clock, libraries, defaultLibraries, clockStart, network));
}
}  // namespace

PyKernelOptions pyKernelOptions(py::object db, py::object seed, const std::string& clock, py::object libraries,
                                bool defaultLibraries, std::optional<double> clockStart, bool network) {
  PyKernelOptions o;
  o.database = fspath(db);
  if (!seed.is_none()) {
    if (!PyLong_Check(seed.ptr()) || PyBool_Check(seed.ptr())) throw py::type_error("seed must be an int or None");
    o.seed = seed.cast<std::uint64_t>();
  }
  o.clock = clock;
  if (!libraries.is_none()) {
    if (PyUnicode_Check(libraries.ptr())) throw py::type_error("libraries must be a list of folders, not a string");
    for (auto lib : libraries) o.libraries.push_back(fspath(lib));
  }
  o.defaultLibraries = defaultLibraries;
  o.clockStart = clockStart;
  o.network = network;
  return o;
}

void bindLifecycle(PyKernelClass& cls) {
  cls.def(py::init(&makeKernel), py::arg("db") = ":memory:", py::arg("seed") = py::none(), py::arg("clock") = "manual",
          py::arg("libraries") = py::none(), py::kw_only(), py::arg("default_libraries") = true,
          py::arg("clock_start") = py::none(), py::arg("network") = false,
          R"doc(Boots a kernel on `db` (a path or ":memory:").

seed: ID generator seed, used when the database is new (a stored seed wins).
clock: "manual" (time moves only with advance()) or "real".
libraries: extra library folders to load besides the built-in ones (default_libraries=False
leaves those out). clock_start: Unix time the manual clock starts at.
network: let I/O modules open sockets (off for in-process tests).)doc");

  cls.def("close", &PyKernel::close,
          "Shuts the kernel down, commits and closes the database. Idempotent; any later call raises KernelError.");
  cls.def_property_readonly("closed", &PyKernel::closed, "True once close() has run.");
  cls.def("__enter__", [](py::object self) { return self; });
  cls.def("__exit__", [](PyKernel& k, py::args) {
    k.close();
    return false;
  });
  cls.def(
      "commit", [](PyKernel& k) { k.run([](Kernel& kr) { kr.commit(); }); },
      "Writes pending changes to the database (every call already does; kept for scripts that want to be explicit).");

  cls.def_property_readonly(
      "database", [](PyKernel& k) { return k.run([](Kernel& kr) { return kr.databasePath(); }); },
      "Path of the database file (\":memory:\" for an in-memory one).");
  cls.def_property_readonly(
      "seed", [](PyKernel& k) { return k.run([](Kernel& kr) { return kr.seed(); }); },
      "The ID generator's seed (stored in the database).");
  cls.def_property_readonly(
      "kernel_version", [](PyKernel& k) { return k.run([](Kernel& kr) { return kr.kernelVersion(); }); },
      "IPS_GetKernelVersion, e.g. \"8.1\".");
  cls.def_property_readonly(
      "kernel_date", [](PyKernel& k) { return k.run([](Kernel& kr) { return kr.kernelDate(); }); },
      "IPS_GetKernelDate (Unix time); after 1670886000 (6.3) IPSModule payloads are utf8-mapped.");
  cls.def_property_readonly(
      "system_language", [](PyKernel& k) { return k.run([](Kernel& kr) { return kr.systemLanguage(); }); },
      "IPS_GetSystemLanguage: the language Translate and forms use (locale.json).");
  cls.def(
      "translate",
      [](PyKernel& k, int id, const std::string& text) {
        return k.run([=](Kernel& kr) { return kr.translate(id, text); });
      },
      py::arg("id"), py::arg("text"),
      "Translate(Text) of instance `id`: its module's locale.json in the system language.");
  cls.def_property_readonly(
      "runlevel", [](PyKernel& k) { return k.run([](Kernel& kr) { return kr.runlevel(); }); },
      "Kernel runlevel (10103 = KR_READY once started).");
  cls.def_property_readonly(
      "manual_clock", [](PyKernel& k) { return !k.realClock(); }, "True for clock=\"manual\".");
  cls.def(
      "now", [](PyKernel& k) { return k.run([](Kernel& kr) { return kr.now(); }); },
      "The kernel clock in Unix seconds (with fraction).");
  cls.def(
      "advance", [](PyKernel& k, double seconds) { k.run([seconds](Kernel& kr) { kr.advance(seconds); }); },
      py::arg("seconds"), "Manual clock only: moves time forward, running due timers in order.");
  cls.def(
      "next_timer_due", [](PyKernel& k) { return k.run([](Kernel& kr) { return kr.nextTimerDue(); }); },
      "Clock time at which the next timer runs, or None when no timer is active.");

  cls.def(
      "snapshot",
      [](PyKernel& k, bool times) {
        SnapshotOptions o;
        o.times = times;
        auto json = k.run([o](Kernel& kr) { return snapshotJson(kr, o); });
        return parseJson(json);
      },
      py::arg("times") = true,
      "The object tree as a dict keyed by object path: the same canonical form as `symemu snapshot` (times=False "
      "leaves out updated/changed times).");
  cls.def(
      "snapshot_json",
      [](PyKernel& k, bool times) {
        SnapshotOptions o;
        o.times = times;
        return k.run([o](Kernel& kr) { return snapshotJson(kr, o); });
      },
      py::arg("times") = true, "The canonical snapshot text itself (byte-identical to `symemu snapshot`).");
  cls.def(
      "tree", [](PyKernel& k) { return text(k.run([](Kernel& kr) { return treeText(kr); })); },
      "The object tree indented for people, values formatted through their profiles.");
}

}  // namespace symemu::python
