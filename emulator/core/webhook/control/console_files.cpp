#include "symemu/core/webhook/control/console_files.h"

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include <sys/stat.h>

#include "symemu/runtime/data_dir.h"

namespace symemu::core {

namespace {

const char* const kPrefix = "/console";

std::string contentType(const std::string& path) {
  static const std::map<std::string, std::string> types = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".json", "application/json; charset=utf-8"},
      {".txt", "text/plain; charset=utf-8"},
      {".ico", "image/x-icon"},
  };
  auto dot = path.rfind('.');
  if (dot != std::string::npos) {
    auto it = types.find(path.substr(dot));
    if (it != types.end()) return it->second;
  }
  return "application/octet-stream";
}

webhook::HookResponse text(int status, const std::string& body) {
  return webhook::HookResponse{status, {{"Content-Type", "text/plain; charset=utf-8"}}, body + "\n"};
}

// Only plain names below the folder: no empty, "." or ".." segments, no backslashes or NULs,
// so a request can never name a file outside it (the path is already percent-decoded).
bool safeRelativePath(const std::string& rel) {
  if (rel.empty() || rel.find('\\') != std::string::npos || rel.find('\0') != std::string::npos) return false;
  std::istringstream segments(rel);
  std::string segment;
  while (std::getline(segments, segment, '/'))
    if (segment.empty() || segment == "." || segment == "..") return false;
  return rel.back() != '/';
}

}  // namespace

std::string consoleDirectory() {
  if (const char* dir = std::getenv("SYMEMU_CONSOLE_DIR"); dir && *dir) return dir;
  try {
    return dataDirectory() + "/console";
  } catch (const std::exception&) {
    return "";  // no share/symemu above the binary: answered as a 404 naming the fix
  }
}

std::optional<webhook::HookResponse> serveConsoleFile(const webhook::HookRequest& request, const AccessRule& refuse) {
  const std::string& path = request.path;
  if (path.compare(0, std::string(kPrefix).size(), kPrefix) != 0) return std::nullopt;
  std::string rest = path.substr(std::string(kPrefix).size());
  if (!rest.empty() && rest[0] != '/') return std::nullopt;  // /consoles is somebody else's
  if (refuse)
    if (auto refused = refuse(request)) return refused;
  if (request.method != "GET" && request.method != "HEAD") {
    auto r = text(405, "The console's files are read with GET");
    r.headers.emplace_back("Allow", "GET, HEAD");
    return r;
  }
  if (rest.empty()) return webhook::HookResponse{301, {{"Location", "/console/"}}, ""};
  std::string rel = rest == "/" ? "index.html" : rest.substr(1);
  if (!safeRelativePath(rel)) return text(404, "No console file " + path);
  const std::string dir = consoleDirectory();
  if (dir.empty())
    return text(404, "The console's files were not found (share/symemu/console); set SYMEMU_CONSOLE_DIR");
  const std::string file = dir + "/" + rel;
  struct stat info {};
  if (::stat(file.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) return text(404, "No console file " + path);
  std::ifstream in(file, std::ios::binary);
  if (!in) return text(404, "No console file " + path);
  std::ostringstream body;
  body << in.rdbuf();
  webhook::HookResponse r{
      200,
      {{"Content-Type", contentType(rel)}, {"Cache-Control", "no-cache"}, {"X-Content-Type-Options", "nosniff"}},
      body.str()};
  if (request.method == "HEAD") r.body.clear();
  return r;
}

}  // namespace symemu::core
