#pragma once
// Module and interface GUIDs of the Smart Metering library and the Symcon modules it talks to.
#include <string>

namespace symemu::smartmetering::guid {

// Modules of this library (module.json files).
inline const std::string kSmartLog = "{18FD30FB-84D6-4CDE-A3F0-5FE94BF4D3AE}";
inline const std::string kSmartLogHttps = "{4ED14F63-E3EE-4473-B679-B61ABAA73137}";
inline const std::string kSmartMeter = "{5E03067E-965F-40F7-BB77-CCA01A88EDD6}";
inline const std::string kSystem = "{4F9DB833-6E24-4093-963E-8612BD851C60}";
inline const std::string kConfigurator = "{BD958F0D-F463-4101-939D-09A85B058652}";
inline const std::string kDiscovery = "{9C1F2D47-3B6A-4E85-A0D2-6F4B8E17C35A}";

// Private data flow: gateway -> meters/configurator, and back.
inline const std::string kToMeters = "{0054126B-A04D-49B1-A85F-B24A239BC6F1}";
inline const std::string kToGateway = "{3E372305-BF8E-4F6A-A672-743E21F4D8DB}";

// Symcon modules and interfaces (docs/symcon-kernel.md §7.1, §9, §13).
inline const std::string kMqttServer = "{C6D2AEB3-6E1F-4B2E-8E69-3A1A00246850}";
inline const std::string kMqttToServer = "{043EA491-0325-4ADD-8FC2-A30C8EEB4D3F}";
inline const std::string kMqttToChildren = "{7F7632D9-FA40-4F38-8DEA-C83CD4325A32}";
inline const std::string kWebHookControl = "{015A6EB8-D6E5-4B93-B496-0D3F77AE9FE1}";

}  // namespace symemu::smartmetering::guid
