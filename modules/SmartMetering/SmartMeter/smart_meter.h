#pragma once
// SmartMeter: one M-Bus / wM-Bus meter of a SmartLog (all behaviour in MeterDeviceModule).
#include "symemu/smartmetering/libs/meter_device_module.h"

namespace symemu::smartmetering {

class SmartMeter : public MeterDeviceModule {};

}  // namespace symemu::smartmetering
