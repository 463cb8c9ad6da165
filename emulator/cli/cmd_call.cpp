// `symemu call` and `symemu watch`: a running emulator's JSON-RPC API and message stream from the
// command line (docs/api.md).
#include <iostream>

#include "symemu/api/json_text.h"
#include "symemu/cli/api_client.h"
#include "symemu/cli/args.h"
#include "symemu/cli/commands.h"

namespace symemu::cli {

namespace {

const char* const kClientUsage =
    "  --url URL            the API (default http://127.0.0.1:3777/api/; https://... for TLS)\n"
    "  --user U --password P  HTTP Basic auth (needed from other machines, see serve --api-user)\n"
    "  --cacert FILE        https: trust this certificate (the emulator's is in its database folder)\n"
    "  --insecure           https: do not verify the certificate\n";

// Options come before METHOD; every word after it is a parameter (so "-5" and "--x" are values).
struct ClientArgs {
  ApiClientOptions options;
  std::vector<std::string> words;
  int count = -1;
  bool help = false;
};

ClientArgs parseClientArgs(const std::string& command, const std::vector<std::string>& argv, bool takesCount) {
  ClientArgs c;
  std::size_t i = 0;
  auto value = [&](const std::string& name) -> std::string {
    if (i + 1 >= argv.size()) throw UsageError(command + ": option " + name + " needs a value");
    return argv[++i];
  };
  for (; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (a == "-h" || a == "--help")
      c.help = true;
    else if (a == "--url")
      c.options.url = value(a);
    else if (a == "--user")
      c.options.user = value(a);
    else if (a == "--password")
      c.options.password = value(a);
    else if (a == "--cacert")
      c.options.caFile = value(a);
    else if (a == "--insecure")
      c.options.insecure = true;
    else if (takesCount && a == "--count")
      c.count = std::stoi(value(a));
    else if (a == "--")
      ++i;
    else if (a.rfind("--", 0) == 0)
      throw UsageError(command + ": unknown option " + a + " (see symemu " + command + " --help)");
    else
      break;
    if (a == "--") break;
  }
  c.words.assign(argv.begin() + static_cast<long>(std::min(i, argv.size())), argv.end());
  if (c.options.user.has_value() != c.options.password.has_value())
    throw UsageError(command + ": --user and --password go together");
  return c;
}

}  // namespace

int cmdCall(const std::vector<std::string>& argv, const LibraryCatalog& /*libraries*/) {
  ClientArgs c = parseClientArgs("call", argv, false);
  if (c.help) {
    std::cout << "usage: symemu call [--url URL] [--user U --password P] [--cacert FILE | --insecure] METHOD "
                 "[PARAM...]\n"
                 "Calls a kernel or module function (IPS_GetObject, SetValue, SM_CreateAll, ...) on a running\n"
                 "emulator through its JSON-RPC API and prints the result as JSON (exit 0), or the error (exit 1).\n"
                 "A PARAM is taken as JSON when it parses (12345, 21.5, true, \"text\") and as a string otherwise;\n"
                 "Symcon's types are strict: write 21.0 where a float is wanted.\n"
              << kClientUsage;
    return 0;
  }
  if (c.words.empty()) throw UsageError("call: which function? (e.g. symemu call IPS_GetObject 0)");
  api::JsonArray params;
  for (std::size_t i = 1; i < c.words.size(); ++i) params.push_back(parameterFromWord(c.words[i]));
  JsonRpcReply reply;
  try {
    reply = callApi(c.options, c.words[0], params);
  } catch (const ApiClientError& e) {
    std::cerr << "symemu call: " << e.what() << "\n";
    return 1;
  }
  if (const api::JsonValue* error = reply.body.find("error")) {
    const api::JsonValue* message = error->find("message");
    const api::JsonValue* code = error->find("code");
    std::cerr << "symemu call: " << c.words[0] << ": "
              << (message && message->kind() == api::JsonValue::Kind::String ? message->asString()
                                                                             : api::writeJson(*error))
              << (code ? " (JSON-RPC error " + api::writeJson(*code) + ")" : "") << "\n";
    return 1;
  }
  const api::JsonValue* result = reply.body.find("result");
  if (!result) {
    std::cerr << "symemu call: HTTP " << reply.httpStatus << ", no result in " << api::writeJson(reply.body) << "\n";
    return 1;
  }
  std::cout << api::writeJson(*result) << std::endl;
  return 0;
}

int cmdWatch(const std::vector<std::string>& argv, const LibraryCatalog& /*libraries*/) {
  ClientArgs c = parseClientArgs("watch", argv, true);
  if (c.help) {
    std::cout << "usage: symemu watch [--url URL] [--user U --password P] [--cacert FILE | --insecure] [--count N]\n"
                 "Prints the running emulator's message stream, one JSON object per line:\n"
                 "{\"Message\":10603,\"SenderID\":12345,\"Data\":[...],\"TimeStamp\":...,\"Time\":...}\n"
                 "(10603 VM_UPDATE, 10505 IM_CHANGESTATUS, 10201..10207 log lines, ...). --count N stops after N\n"
                 "messages. When the emulator ends the stream the reason is printed to stderr.\n"
              << kClientUsage;
    return 0;
  }
  if (!c.words.empty()) throw UsageError("watch: unexpected argument '" + c.words[0] + "'");
  std::unique_ptr<Poco::Net::HTTPClientSession> session;
  std::unique_ptr<Poco::Net::WebSocket> ws;
  try {
    ws = openMessageStream(c.options, session);
  } catch (const ApiClientError& e) {
    std::cerr << "symemu watch: " << e.what() << "\n";
    return 1;
  }
  Poco::Buffer<char> buffer(0);
  for (int seen = 0; c.count < 0 || seen < c.count;) {
    int flags = 0;
    buffer.resize(0);
    int n = 0;
    try {
      n = ws->receiveFrame(buffer, flags);
    } catch (const Poco::Exception& e) {
      std::cerr << "symemu watch: connection lost: " << e.displayText() << "\n";
      return 1;
    }
    int opcode = flags & Poco::Net::WebSocket::FRAME_OP_BITMASK;
    if (opcode == Poco::Net::WebSocket::FRAME_OP_CLOSE || (n == 0 && flags == 0)) {
      int code = n >= 2 ? (static_cast<unsigned char>(buffer[0]) << 8 | static_cast<unsigned char>(buffer[1])) : 1005;
      std::string reason = n > 2 ? std::string(buffer.begin() + 2, static_cast<std::size_t>(n - 2)) : "";
      std::cerr << "symemu watch: stream closed (" << code << (reason.empty() ? "" : ": " + reason) << ")\n";
      return code == 1000 || code == 1001 ? 0 : 1;
    }
    if (opcode != Poco::Net::WebSocket::FRAME_OP_TEXT) continue;
    std::cout.write(buffer.begin(), n);
    std::cout << std::endl;
    ++seen;
  }
  try {
    ws->shutdown();
  } catch (const Poco::Exception&) {
  }
  return 0;
}

}  // namespace symemu::cli
