// Self-signed certificate for the HTTPS webhook port, made with OpenSSL's C API because
// Poco 1.11's Crypto cannot create X.509 certificates.

#include "symemu/core/webhook/self_signed_certificate.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <functional>
#include <memory>
#include <stdexcept>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace symemu::webhook {

namespace {

constexpr const char* kCertName = "symemu-cert.pem";
constexpr const char* kKeyName = "symemu-key.pem";
constexpr long kValidSeconds = 10L * 365 * 24 * 3600;
constexpr long kRenewBeforeSeconds = 30L * 24 * 3600;

struct Free {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
  void operator()(X509* p) const { X509_free(p); }
  void operator()(X509_EXTENSION* p) const { X509_EXTENSION_free(p); }
  void operator()(BIGNUM* p) const { BN_free(p); }
  void operator()(std::FILE* f) const { std::fclose(f); }
};
template <typename T>
using Owned = std::unique_ptr<T, Free>;

std::string opensslError() {
  unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return "unknown OpenSSL error";
  char text[256];
  ERR_error_string_n(code, text, sizeof text);
  return text;
}

[[noreturn]] void fail(const std::string& dir, const std::string& what) {
  throw std::runtime_error("cannot create self-signed certificate in " + dir + ": " + what);
}

bool isIpAddress(const std::string& name) {
  unsigned char buf[16];
  return ::inet_pton(AF_INET, name.c_str(), buf) == 1 || ::inet_pton(AF_INET6, name.c_str(), buf) == 1;
}

std::string subjectAltNames(const std::string& commonName) {
  std::string san = "DNS:localhost,IP:127.0.0.1";
  if (!commonName.empty() && commonName != "localhost" && commonName != "127.0.0.1")
    san += (isIpAddress(commonName) ? ",IP:" : ",DNS:") + commonName;
  return san;
}

bool addExtension(X509* cert, X509V3_CTX* ctx, int nid, const std::string& value) {
  Owned<X509_EXTENSION> ext(X509V3_EXT_conf_nid(nullptr, ctx, nid, value.c_str()));
  return ext && X509_add_ext(cert, ext.get(), -1) == 1;
}

// Does the existing pair belong together, cover the name and stay valid for a while?
bool reusable(const std::string& certFile, const std::string& keyFile, const std::string& commonName) {
  Owned<std::FILE> cf(std::fopen(certFile.c_str(), "r"));
  Owned<std::FILE> kf(std::fopen(keyFile.c_str(), "r"));
  if (!cf || !kf) return false;
  Owned<X509> cert(PEM_read_X509(cf.get(), nullptr, nullptr, nullptr));
  Owned<EVP_PKEY> key(PEM_read_PrivateKey(kf.get(), nullptr, nullptr, nullptr));
  bool ok = cert && key && X509_check_private_key(cert.get(), key.get()) == 1;
  if (ok) {
    std::time_t soon = std::time(nullptr) + kRenewBeforeSeconds;
    ok = X509_cmp_time(X509_get0_notAfter(cert.get()), &soon) > 0 &&
         X509_cmp_current_time(X509_get0_notBefore(cert.get())) < 0;
  }
  if (ok && !commonName.empty()) {
    ok = isIpAddress(commonName) ? X509_check_ip_asc(cert.get(), commonName.c_str(), 0) == 1
                                 : X509_check_host(cert.get(), commonName.c_str(), 0, 0, nullptr) == 1;
  }
  ERR_clear_error();
  return ok;
}

// Writes via a temporary file and rename, so a crash never leaves half a key behind.
void writePem(const std::string& dir, const std::string& file, mode_t mode,
              const std::function<bool(std::FILE*)>& write) {
  const std::string tmp = file + ".tmp";
  ::unlink(tmp.c_str());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) fail(dir, "cannot write " + tmp + ": " + std::strerror(errno));
  ::fchmod(fd, mode);  // the umask must not widen or narrow it
  Owned<std::FILE> f(::fdopen(fd, "w"));
  if (!f) {
    ::close(fd);
    fail(dir, "cannot write " + tmp + ": " + std::strerror(errno));
  }
  bool ok = write(f.get()) && std::fflush(f.get()) == 0 && ::fsync(fd) == 0;
  f.reset();
  if (!ok || std::rename(tmp.c_str(), file.c_str()) != 0) {
    ::unlink(tmp.c_str());
    fail(dir, "cannot write " + file + ": " + (ok ? std::strerror(errno) : opensslError()));
  }
}

}  // namespace

std::pair<std::string, std::string> ensureSelfSignedCertificate(const std::string& dir, const std::string& commonName) {
  if (dir.empty()) fail("''", "no directory given");
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) fail(dir, ec.message());
  const std::string certFile = (std::filesystem::path(dir) / kCertName).string();
  const std::string keyFile = (std::filesystem::path(dir) / kKeyName).string();
  if (reusable(certFile, keyFile, commonName)) {
    ::chmod(keyFile.c_str(), 0600);
    return {certFile, keyFile};
  }

  Owned<EVP_PKEY> key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  if (!key) fail(dir, "key generation failed: " + opensslError());

  Owned<X509> cert(X509_new());
  Owned<BIGNUM> serial(BN_new());
  bool ok = cert && serial && X509_set_version(cert.get(), 2) == 1 &&
            BN_rand(serial.get(), 63, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) == 1 &&
            BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert.get())) != nullptr &&
            X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600) != nullptr &&  // clock skew
            X509_gmtime_adj(X509_getm_notAfter(cert.get()), kValidSeconds) != nullptr &&
            X509_set_pubkey(cert.get(), key.get()) == 1;
  X509_NAME* name = cert ? X509_get_subject_name(cert.get()) : nullptr;
  const std::string cn = commonName.empty() ? "localhost" : commonName;
  ok = ok && name &&
       X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("symemu"), -1, -1,
                                  0) == 1 &&
       X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1,
                                  0) == 1 &&
       X509_set_issuer_name(cert.get(), name) == 1;
  if (ok) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert.get(), cert.get(), nullptr, nullptr, 0);
    ok = addExtension(cert.get(), &ctx, NID_basic_constraints, "critical,CA:FALSE") &&
         addExtension(cert.get(), &ctx, NID_key_usage, "critical,digitalSignature") &&
         addExtension(cert.get(), &ctx, NID_ext_key_usage, "serverAuth") &&
         addExtension(cert.get(), &ctx, NID_subject_key_identifier, "hash") &&
         addExtension(cert.get(), &ctx, NID_authority_key_identifier, "keyid:always") &&
         addExtension(cert.get(), &ctx, NID_subject_alt_name, subjectAltNames(commonName));
  }
  ok = ok && X509_sign(cert.get(), key.get(), EVP_sha256()) > 0;
  if (!ok) fail(dir, "certificate creation failed: " + opensslError());

  writePem(dir, keyFile, 0600, [&](std::FILE* f) {
    return PEM_write_PrivateKey(f, key.get(), nullptr, nullptr, 0, nullptr, nullptr) == 1;
  });
  writePem(dir, certFile, 0644, [&](std::FILE* f) { return PEM_write_X509(f, cert.get()) == 1; });
  return {certFile, keyFile};
}

}  // namespace symemu::webhook
