#pragma once

#include <string>
#include <utility>

namespace symemu::webhook {

// Makes (or reuses, when present, matching and valid for 30+ more days) symemu-cert.pem and
// symemu-key.pem (mode 0600) in dir: EC P-256, SAN DNS:localhost, IP:127.0.0.1 and commonName,
// valid 10 years. Returns {certFile, keyFile}. Throws std::runtime_error on failure.
std::pair<std::string, std::string> ensureSelfSignedCertificate(const std::string& dir, const std::string& commonName);

}  // namespace symemu::webhook
