// Messages (docs/symcon-kernel.md §3.7, §5) and the captured log and debug output.
#include <pybind11/stl.h>

#include "bindings.h"
#include "py_values.h"

namespace symemu::python {

void bindMessages(PyKernelClass& cls) {
  cls.def(
      "register_message",
      [](PyKernel& k, int receiverId, int senderId, int message) {
        k.run([=](Kernel& kr) { kr.registerMessage(receiverId, senderId, message); });
      },
      py::arg("receiver_id"), py::arg("sender_id"), py::arg("message"),
      "RegisterMessage on behalf of an instance: its MessageSink receives (sender_id, message).");
  cls.def(
      "unregister_message",
      [](PyKernel& k, int receiverId, int senderId, int message) {
        k.run([=](Kernel& kr) { kr.unregisterMessage(receiverId, senderId, message); });
      },
      py::arg("receiver_id"), py::arg("sender_id"), py::arg("message"));
  cls.def(
      "get_message_list",
      [](PyKernel& k, int receiverId) { return k.run([=](Kernel& kr) { return kr.getMessageList(receiverId); }); },
      py::arg("receiver_id"), "GetMessageList: {sender_id: [message, ...]} registered by that instance.");
  cls.def(
      "send_message",
      [](PyKernel& k, int senderId, int message, py::iterable data) {
        std::vector<Value> values;
        for (auto d : data) values.push_back(toValue(d));
        k.run([&](Kernel& kr) { kr.sendMessage(senderId, message, values); });
      },
      py::arg("sender_id"), py::arg("message"), py::arg("data") = py::tuple(),
      "Delivers a message to every instance that registered (sender_id, message), synchronously.");

  cls.def(
      "messages",
      [](PyKernel& k, std::size_t since, bool clear) {
        std::size_t first = 0, end = 0;
        auto captured = k.messages(since, first, end);
        if (clear) k.clearMessages();
        py::list out;
        std::size_t index = first;
        for (const auto& m : captured) {
          py::list data;
          for (const auto& v : m.data) data.append(fromValue(v));
          py::dict d;
          d["Index"] = index++;
          d["SenderID"] = m.senderId;
          d["Message"] = m.message;
          d["Data"] = data;
          out.append(d);
        }
        return out;
      },
      py::arg("since") = 0, py::arg("clear") = false,
      R"doc(Every message the kernel sent (registered receivers or not), oldest first: dicts with
Index, SenderID, Message (e.g. 10603 VM_UPDATE, 10505 IM_CHANGESTATUS) and Data (list).

Index counts from the kernel's start and keeps counting: pass since=<last Index + 1> (or
message_count() taken earlier) to see only what came after. clear=True forgets what was
returned. The newest 100000 messages are kept.)doc");
  cls.def(
      "message_count",
      [](PyKernel& k) {
        std::size_t first = 0, end = 0;
        k.messages(SIZE_MAX, first, end);
        return end;
      },
      "How many messages the kernel has sent so far: messages(since=message_count()) later shows only newer ones.");

  cls.def(
      "log",
      [](PyKernel& k) {
        auto entries = k.run([](Kernel& kr) { return kr.logEntries(); });
        py::list out;
        for (const auto& e : entries) out.append(logDict(e));
        return out;
      },
      "Captured log messages, oldest first: dicts with Time, SenderID, Sender, Type (KL_* code), Message.");
  cls.def(
      "log_message",
      [](PyKernel& k, int senderId, int type, const std::string& message) {
        k.run([&](Kernel& kr) { kr.logMessage(senderId, type, message); });
      },
      py::arg("sender_id"), py::arg("type"), py::arg("message"),
      "Adds a log entry (type: KL_* code, e.g. 10201 KL_MESSAGE).");
  cls.def(
      "debug",
      [](PyKernel& k, int instanceId) {
        auto entries = k.run([instanceId](Kernel& kr) { return kr.debugEntries(instanceId); });
        py::list out;
        for (const auto& e : entries) out.append(debugDict(e));
        return out;
      },
      py::arg("instance_id") = 0,
      "Captured SendDebug output of one instance (0 = all), oldest first: dicts with Time, InstanceID, Message, Data, "
      "Format.");
}

}  // namespace symemu::python
