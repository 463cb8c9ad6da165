#pragma once
// What SmartLog (MQTT) and SmartLogHTTPS share: the SmartLogID property, "Last Message Time",
// the list of seen meters (attribute "Meters"), the per-meter packet cache, report processing
// and the answers to the children's requests (DataID {3E372305-…}):
//   {"Function":"GetMeters"}                         -> {"SmartLogID":"…","Meters":[…]}
//   {"Function":"MarkAllSeen"}                       -> "OK"
//   {"Function":"GetLastRecord","MeterID":"…","Interface":"…"} -> the last packet or ""
#include <cstdint>
#include <memory>
#include <string>

#include "symemu/kernel/module.h"
#include "symemu/kernel/records.h"
#include "symemu/smartmetering/libs/meter_list.h"

namespace symemu::smartmetering {

struct ReportAhead;

class GatewayModule : public symemu::Module {
 public:
  void create() override;
  std::string forwardData(const std::string& json) override;

  enum class Outcome { Applied, Refused, OtherLogger };
  struct Result {
    Outcome outcome = Outcome::Applied;
    std::string message;  // the parser's error or why the report was ignored
  };
  // Processes one report payload. `topicLoggerId` is the logger ID the transport names (topic
  // or hook); the payload's MUC_ID wins over it. `ahead`: this payload as read ahead of the
  // kernel thread (report_ahead.h), which then only applies it.
  Result processReport(const std::string& topicLoggerId, const std::string& payload,
                       std::shared_ptr<const ReportAhead> ahead = nullptr);

 protected:
  std::string smartLogId() const { return readPropertyString("SmartLogID"); }
  const MeterList& meters() const { return meters_; }

 private:
  void loadMeters();
  void autoCreate(const MeterEntry& meter);
  // SmartLogID and AutoCreateMeters as read once per tree generation (Kernel::treeGeneration
  // moves on every property change, applied or pending): every report asks for both.
  struct Settings {
    std::uint64_t generation = ~std::uint64_t{0};
    std::string smartLogId;
    bool autoCreateMeters = false;
  };
  const Settings& settings();
  Settings settings_;
  // LastMessageTime's variable, resolved once per tree generation (deleting or moving a
  // variable moves it): every report sets it. Without one, setValue by ident says why.
  struct LastMessageTime {
    std::uint64_t generation = ~std::uint64_t{0};
    int id = 0;
    VariableRecord* record = nullptr;
  };
  void setLastMessageTime(const Value& value);
  LastMessageTime lastMessageTime_;
  std::string bufferName_;  // the last-record buffers' names are written here (no allocation per report)

  MeterList meters_;            // mirror of the "Meters" attribute
  bool metersWritten_ = false;  // the attribute was written from meters_ since loading
};

}  // namespace symemu::smartmetering
