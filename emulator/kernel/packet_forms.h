#pragma once
// Typed forms of Symcon's standard data-flow packets (docs/symcon-kernel.md §7.1, §8), which the
// core modules that send them attach to the packet (Packet::attach) so that receivers knowing
// them read the fields without parsing the text. Plain immutable data, any thread.
//
// Reading ahead: a library may register a PublishReader, a pure function of an MQTT PUBLISH's
// topic and payload (same input, same result; any thread; never throws). The MQTT Server runs
// the readers on the I/O thread that received the PUBLISH, and the result travels with the
// child packet (MqttPublish::ahead) to the library's module, which then only applies it on the
// kernel thread (docs/performance.md, "Round 5"). The registry is process-wide because readers
// are code, not state: register at start-up (before I/O threads run); registering the same
// function again changes nothing.
#include <memory>
#include <string>
#include <string_view>
#include <typeinfo>
#include <vector>

namespace symemu::forms {

// A value of any type a reader made, with its type for a checked read.
struct ReadAhead {
  std::shared_ptr<const void> value;
  const std::type_info* type = nullptr;

  template <class T>
  static ReadAhead of(std::shared_ptr<const T> v) {
    return {std::move(v), &typeid(T)};
  }
  template <class T>
  const T* get() const {
    return type && *type == typeid(T) ? static_cast<const T*>(value.get()) : nullptr;
  }
  // The same, sharing ownership of the value (null when it is not a T).
  template <class T>
  std::shared_ptr<const T> share() const {
    const T* typed = get<T>();
    return typed ? std::shared_ptr<const T>(value, typed) : nullptr;
  }
  explicit operator bool() const { return value != nullptr; }
};

using PublishReader = ReadAhead (*)(std::string_view topic, std::string_view payload);
void registerPublishReader(PublishReader reader);
std::vector<PublishReader> publishReaders();  // a copy: safe while another thread registers

// The Server Socket's packet to its children ({7A1272A4-…}) in the UTF-8 mapped encoding:
// Type 0 data, 1 connect, 2 disconnect; `bytes` are the Buffer's bytes (not mapped). `ahead`:
// what a child's stream reader made of these bytes on the listener thread (or nothing).
struct SocketData {
  int type = 0;
  std::string clientIp;
  int clientPort = 0;
  std::string bytes;
  ReadAhead ahead;
};

// The MQTT Server's packet to its children ({7F7632D9-…}) for a PUBLISH, in the UTF-8 mapped
// encoding; `payload` is the Payload's bytes (not mapped). Attached only when the topic is
// valid UTF-8 (the text of any other would not parse). `ahead`: what the registered readers
// made of this very topic and payload (the first reader that gave something), or nothing.
struct MqttPublish {
  std::string topic;
  std::string payload;
  int qos = 0;
  bool retain = false;
  ReadAhead ahead;
};

}  // namespace symemu::forms
