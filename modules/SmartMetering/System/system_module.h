#pragma once
// System: the logger's own record (docs/selog-format.md §2.4: medium "Bus/System" or
// METER_ID == MUC_ID); the configurator sets its SmartMeterID to that record's ID.
// Same variable rules as SmartMeter.
#include "symemu/smartmetering/libs/meter_device_module.h"

namespace symemu::smartmetering {

class SystemModule : public MeterDeviceModule {};

}  // namespace symemu::smartmetering
