#include "symemu/core/webhook/hook_request_reader.h"

#include <chrono>

#include <Poco/Exception.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerSession.h>
#include <Poco/URI.h>

#include "symemu/core/webhook/chunked_body_reader.h"

namespace symemu::webhook {

namespace {

std::string readBody(Poco::Net::HTTPServerRequest& request, const HttpServerConfig& config, std::size_t maxBodyBytes) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(config.bodyDeadlineSeconds);
  const bool hasLength = request.hasContentLength();
  const std::streamsize announced = hasLength ? request.getContentLength64() : -1;
  std::string body;
  auto* impl = dynamic_cast<Poco::Net::HTTPServerRequestImpl*>(&request);
  if (request.getChunkedTransferEncoding() && impl) {
    try {
      return ChunkedBodyReader(impl->session(), maxBodyBytes, deadline, config.bodyDeadlineSeconds).read();
    } catch (const Poco::TimeoutException&) {
      throw RequestRejected(408, "request body stalled");
    } catch (const Poco::Exception& e) {
      throw RequestRejected(400, "request body could not be read: " + e.displayText());
    }
  }
  if (!hasLength) return body;  // neither length nor chunked: a request has no body (RFC 9112 6.3)
  body.reserve(static_cast<std::size_t>(announced));

  // Read straight from the stream buffer, one socket read at a time, so the deadline is
  // checked even while a client trickles bytes (istream::read would wait for a full block).
  std::streambuf* in = request.stream().rdbuf();
  char chunk[16384];
  try {
    for (;;) {
      if (in->sgetc() == std::char_traits<char>::eof()) break;
      std::streamsize available = std::max<std::streamsize>(1, in->in_avail());
      std::streamsize n = in->sgetn(chunk, std::min<std::streamsize>(available, sizeof chunk));
      body.append(chunk, static_cast<std::size_t>(n));
      if (body.size() > maxBodyBytes)
        throw RequestRejected(413, "request body larger than " + std::to_string(maxBodyBytes) + " bytes");
      if (std::chrono::steady_clock::now() > deadline)
        throw RequestRejected(408,
                              "request body not received within " + std::to_string(config.bodyDeadlineSeconds) + " s");
    }
  } catch (const Poco::TimeoutException&) {
    throw RequestRejected(408, "request body stalled");
  } catch (const Poco::Net::MessageException& e) {
    throw RequestRejected(400, "malformed request body: " + e.message());  // e.g. bad chunk size
  } catch (const Poco::Exception& e) {
    throw RequestRejected(400, "request body could not be read: " + e.displayText());
  }
  if (hasLength && static_cast<std::streamsize>(body.size()) != announced)
    throw RequestRejected(400, "request body shorter than Content-Length");
  return body;
}

}  // namespace

void splitRequestTarget(const std::string& uri, std::string& path, std::string& query) {
  std::string target = uri;
  const std::size_t fragment = target.find('#');
  if (fragment != std::string::npos) target.erase(fragment);
  const std::size_t scheme = target.find("://");
  if (!target.empty() && target[0] != '/' && target != "*" && scheme != std::string::npos) {
    const std::size_t slash = target.find('/', scheme + 3);
    const std::size_t mark = target.find('?', scheme + 3);
    std::size_t start = std::min(slash, mark);
    target = start == std::string::npos ? "/" : (start == mark ? "/" + target.substr(mark) : target.substr(start));
  }
  const std::size_t q = target.find('?');
  query = q == std::string::npos ? "" : target.substr(q + 1);
  try {
    path.clear();
    Poco::URI::decode(target.substr(0, q), path);
  } catch (const Poco::SyntaxException&) {
    throw RequestRejected(400, "malformed percent-encoding in request path");
  }
}

bool announcesOversizedBody(const Poco::Net::HTTPServerRequest& request, std::size_t maxBodyBytes) {
  return request.hasContentLength() && request.getContentLength64() >= 0 &&
         static_cast<std::uint64_t>(request.getContentLength64()) > static_cast<std::uint64_t>(maxBodyBytes);
}

HookRequest readHookRequest(Poco::Net::HTTPServerRequest& request, const HttpServerConfig& config, bool secure) {
  return readHookRequest(request, config, secure, config.maxBodyBytes);
}

HookRequest readHookRequest(Poco::Net::HTTPServerRequest& request, const HttpServerConfig& config, bool secure,
                            std::size_t maxBodyBytes) {
  try {
    if (request.hasContentLength() && request.getContentLength64() < 0)
      throw RequestRejected(400, "invalid Content-Length");
    if (announcesOversizedBody(request, maxBodyBytes))
      throw RequestRejected(413, "request body larger than " + std::to_string(maxBodyBytes) + " bytes");
  } catch (const Poco::SyntaxException&) {
    throw RequestRejected(400, "invalid Content-Length");
  }
  HookRequest hook = readHookHead(request, secure);
  hook.body = readBody(request, config, maxBodyBytes);
  return hook;
}

HookRequest readHookHead(Poco::Net::HTTPServerRequest& request, bool secure) {
  HookRequest hook;
  hook.method = request.getMethod();
  hook.uri = request.getURI();
  splitRequestTarget(hook.uri, hook.path, hook.query);
  for (const auto& [name, value] : request) hook.headers.emplace_back(name, value);
  hook.clientAddress = request.clientAddress().host().toString();
  hook.clientPort = request.clientAddress().port();
  hook.secure = secure;
  if (request.has("Authorization")) {
    if (auto credentials = parseBasicAuthorization(request.get("Authorization"))) {
      hook.authUser = credentials->first;
      hook.authPassword = credentials->second;
    }
  }
  return hook;
}

}  // namespace symemu::webhook
