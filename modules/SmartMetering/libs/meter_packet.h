#pragma once
// The packet a gateway sends to its children for one meter (DataID {0054126B-…}). The gateway
// maps the meter's records to variables once (common library, mapMeter); children only apply
// the list. "MeterID" and "Interface" come right after the DataID so that a child's receive
// filter `"MeterID":"<id>"` finds them cheaply:
//   {"DataID":"{0054126B-…}","MeterID":"03006175","Interface":"05","System":false,
//    "SmartLogID":"SL-000123","Manufacturer":"BMT","Medium":"Water","Timestamp":1741947302,
//    "Variables":[{"Ident":"Volume","Name":"Volume","Type":2,"Value":43.964,
//                  "Profile":"SM_m3","Suffix":" m³","Digits":3}, …]}
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "symemu/kernel/text_keys.h"
#include "symemu/kernel/types.h"

namespace symemu::json {
class Document;
}
#include "symemu/smartmetering/common/report.h"

namespace symemu::smartmetering {

struct VariableSpec;  // variable_mapper.h (not included: its VariableType would hide symemu's here)

struct PacketVariable {
  // User-provided, so that the form's emplace_back() does not zero-fill the object before its
  // members are initialised anyway (a `rep stos` per variable on the MQTT listener thread).
  PacketVariable() {}                // NOLINT(modernize-use-equals-default)
  std::string ident, name, profile;  // profile "" = none
  symemu::VariableType type = symemu::VariableType::Float;
  symemu::Value value;
  bool definesProfile = false;  // an SM_ profile this library creates when missing
  std::string suffix;
  int digits = 0;
};

struct MeterPacket {
  std::string meterId, interface, smartLogId, manufacturer, medium;
  bool system = false;
  std::optional<std::int64_t> timestamp;
  std::vector<PacketVariable> variables;
};

std::string buildMeterPacket(const MeterRecord& meter, const std::string& smartLogId,
                             std::optional<std::int64_t> timestamp);
// The same text, and its typed form (attached to the packet for the meter devices, so they skip
// parsing it): exactly what parseMeterPacket(text) gives, or null when reading the text back
// might give something else (text that is not UTF-8, a number the text cannot hold, a value
// the reader would refuse) — the devices then read the text as before.
struct BuiltMeterPacket {
  // Shared, never changed: the packet and the gateway's last-record buffers hold it without a copy.
  std::shared_ptr<const std::string> text;
  std::shared_ptr<const MeterPacket> form;
  TextKeys keys;  // where "MeterID" and "Interface" are in `text` (kept by value: nothing shared)
};
BuiltMeterPacket buildMeterPacketWithForm(const MeterRecord& meter, const std::string& smartLogId,
                                          std::optional<std::int64_t> timestamp);
// The same for a meter whose records were mapped one at a time as they were read (mapRecord in
// record order, then makeIdentsUnique): `meter.data` is not read.
BuiltMeterPacket buildMeterPacketWithForm(const MeterRecord& meter, std::vector<VariableSpec>&& variables,
                                          const std::string& smartLogId, std::optional<std::int64_t> timestamp);
// Reads a packet of this layout from its tree (the packet's, parsed once for every receiver).
// Throws std::runtime_error naming the field on a packet that is not of this layout.
MeterPacket parseMeterPacket(const json::Document& document);
MeterPacket parseMeterPacket(const std::string& json);

// Receive filter for one meter: its packets, optionally only from one interface.
std::string meterReceiveFilter(const std::string& meterId, const std::string& interface);
// A filter that no packet matches (a device without a meter ID).
inline const std::string kReceiveNothing = "^NOTHING_TO_RECEIVE$";

}  // namespace symemu::smartmetering
