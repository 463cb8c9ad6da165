#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <fstream>
#include <memory>
#include <sstream>

#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "webhook_test_support.h"
#include "symemu/core/webhook/self_signed_certificate.h"

using namespace symemu::webhook;
using namespace symemu::webhook::test;

namespace {

std::string slurp(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::unique_ptr<X509, decltype(&X509_free)> loadCert(const std::string& file) {
  FILE* f = std::fopen(file.c_str(), "r");
  X509* x = f ? PEM_read_X509(f, nullptr, nullptr, nullptr) : nullptr;
  if (f) std::fclose(f);
  return {x, X509_free};
}

}  // namespace

TEST_CASE("ensureSelfSignedCertificate creates a usable pair with a private key file", "[webhook][cert]") {
  TempDir dir;
  const std::string sub = dir.path() + "/certs/nested";  // created on demand
  auto [cert, key] = ensureSelfSignedCertificate(sub, "localhost");
  CHECK(cert == sub + "/symemu-cert.pem");
  CHECK(key == sub + "/symemu-key.pem");

  struct stat st {};
  REQUIRE(::stat(key.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);

  auto x509 = loadCert(cert);
  REQUIRE(x509);
  CHECK(X509_check_host(x509.get(), "localhost", 0, 0, nullptr) == 1);
  CHECK(X509_check_ip_asc(x509.get(), "127.0.0.1", 0) == 1);
  CHECK(X509_check_host(x509.get(), "example.com", 0, 0, nullptr) != 1);
  // Valid for about ten years.
  std::time_t nineYears = std::time(nullptr) + 9L * 365 * 24 * 3600;
  CHECK(X509_cmp_time(X509_get0_notAfter(x509.get()), &nineYears) > 0);
  CHECK(X509_cmp_current_time(X509_get0_notBefore(x509.get())) < 0);
  // openssl agrees that it verifies against itself for the server purpose.
  CHECK(run("openssl verify -purpose sslserver -CAfile '" + cert + "' '" + cert + "' 2>&1").find(": OK") !=
        std::string::npos);
}

TEST_CASE("ensureSelfSignedCertificate reuses a valid pair and replaces a broken one", "[webhook][cert]") {
  TempDir dir;
  auto first = ensureSelfSignedCertificate(dir.path(), "localhost");
  const std::string certPem = slurp(first.first), keyPem = slurp(first.second);

  auto second = ensureSelfSignedCertificate(dir.path(), "localhost");
  CHECK(second == first);
  CHECK(slurp(second.first) == certPem);
  CHECK(slurp(second.second) == keyPem);

  // A widened key mode is narrowed again on reuse.
  ::chmod(first.second.c_str(), 0644);
  ensureSelfSignedCertificate(dir.path(), "localhost");
  struct stat st {};
  REQUIRE(::stat(first.second.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);

  // A corrupt key means a new pair.
  std::ofstream(first.second, std::ios::trunc) << "garbage";
  ensureSelfSignedCertificate(dir.path(), "localhost");
  CHECK(slurp(first.first) != certPem);
  CHECK(slurp(first.second) != "garbage");

  // So does a certificate that does not cover a newly requested name.
  const std::string before = slurp(first.first);
  ensureSelfSignedCertificate(dir.path(), "symemu.example");
  CHECK(slurp(first.first) != before);
  auto x509 = loadCert(first.first);
  REQUIRE(x509);
  CHECK(X509_check_host(x509.get(), "symemu.example", 0, 0, nullptr) == 1);
  CHECK(X509_check_host(x509.get(), "localhost", 0, 0, nullptr) == 1);
}

TEST_CASE("ensureSelfSignedCertificate reports a directory it cannot use", "[webhook][cert]") {
  TempDir dir;
  const std::string file = dir.path() + "/plainfile";
  std::ofstream(file) << "x";
  CHECK_THROWS_WITH(ensureSelfSignedCertificate(file + "/sub", "localhost"),
                    Catch::Matchers::StartsWith("cannot create self-signed certificate in " + file + "/sub"));
  CHECK_THROWS_WITH(ensureSelfSignedCertificate("", "localhost"),
                    Catch::Matchers::StartsWith("cannot create self-signed certificate"));
}
