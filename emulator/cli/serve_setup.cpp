#include "serve_setup.h"

namespace symemu::cli {

std::string ServeListeners::readyText() const {
  std::string s;
  if (!mqtt.empty()) s += " mqtt=" + mqtt;
  if (!http.empty()) s += " http=" + http;
  if (!https.empty()) s += " https=" + https;
  return s;
}

ServeListeners setUpServe(Kernel& kernel, KernelThread& thread, const ServeSettings& settings) {
  (void)kernel;
  (void)thread;
  (void)settings;
  return {};  // the core I/O modules plug in here
}

void tearDownServe(Kernel& kernel, KernelThread& thread) {
  (void)kernel;
  (void)thread;
}

}  // namespace symemu::cli
