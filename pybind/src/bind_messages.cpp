// Messages (symcon-kernel.md §3.7, §5) and the captured log and debug output.
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
      py::arg("sender_id"), py::arg("type"), py::arg("message"), "Adds a log entry (type: KL_* code, e.g. 10201 KL_MESSAGE).");
  cls.def(
      "debug",
      [](PyKernel& k, int instanceId) {
        auto entries = k.run([instanceId](Kernel& kr) { return kr.debugEntries(instanceId); });
        py::list out;
        for (const auto& e : entries) out.append(debugDict(e));
        return out;
      },
      py::arg("instance_id") = 0,
      "Captured SendDebug output of one instance (0 = all), oldest first: dicts with Time, InstanceID, Message, Data, Format.");
}

}  // namespace symemu::python
