# The Smart Metering modules (one folder each) and their shared code in libs/.
set(SM_DIR ${CMAKE_CURRENT_LIST_DIR})
add_library(smartmetering_modules STATIC
  ${SM_DIR}/libs/gateway_module.cpp
  ${SM_DIR}/libs/meter_device_module.cpp
  ${SM_DIR}/libs/meter_instances.cpp
  ${SM_DIR}/libs/meter_list.cpp
  ${SM_DIR}/libs/meter_packet.cpp
  ${SM_DIR}/libs/library_plugin.cpp
  ${SM_DIR}/libs/mqtt_publish.cpp
  ${SM_DIR}/libs/report_ahead.cpp
  ${SM_DIR}/libs/time_text.cpp
  ${SM_DIR}/SmartLog/smart_log.cpp
  ${SM_DIR}/SmartLogHTTPS/smart_log_https.cpp
  ${SM_DIR}/SmartMeterConfigurator/configurator.cpp
  ${SM_DIR}/SmartLogDiscovery/discovery.cpp)
target_link_libraries(smartmetering_modules PUBLIC symemu_kernel smartmetering_common Poco::JSON Poco::Foundation)
