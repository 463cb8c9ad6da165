#include "symemu/harness/junit.h"

#include <cstdio>
#include <fstream>
#include <stdexcept>

namespace symemu::harness {

std::string xmlEscape(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    switch (ch) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        if (c < 0x20 && ch != '\n' && ch != '\t' && ch != '\r')
          out += "\xEF\xBF\xBD";  // control characters are not allowed in XML 1.0
        else
          out += ch;
    }
  }
  return out;
}

static std::string seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", s);
  return buf;
}

std::string junitXml(const JUnitSuite& suite) {
  std::size_t failures = 0, skipped = 0;
  for (const auto& c : suite.cases) {
    failures += c.failure ? 1 : 0;
    skipped += c.skipped ? 1 : 0;
  }
  std::string x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  x += "<testsuites tests=\"" + std::to_string(suite.cases.size()) + "\" failures=\"" + std::to_string(failures) +
       "\" errors=\"0\" skipped=\"" + std::to_string(skipped) + "\" time=\"" + seconds(suite.seconds) + "\">\n";
  x += "  <testsuite name=\"" + xmlEscape(suite.name) + "\" tests=\"" + std::to_string(suite.cases.size()) +
       "\" failures=\"" + std::to_string(failures) + "\" errors=\"0\" skipped=\"" + std::to_string(skipped) +
       "\" time=\"" + seconds(suite.seconds) + "\">\n";
  for (const auto& c : suite.cases) {
    x += "    <testcase classname=\"" + xmlEscape(c.className) + "\" name=\"" + xmlEscape(c.name) + "\" time=\"" +
         seconds(c.seconds) + "\"";
    if (!c.failure && !c.skipped) {
      x += "/>\n";
      continue;
    }
    x += ">\n";
    if (c.failure)
      x += "      <failure message=\"" + xmlEscape(*c.failure) + "\">" + xmlEscape(c.details) + "</failure>\n";
    if (c.skipped) x += "      <skipped/>\n";
    x += "    </testcase>\n";
  }
  x += "  </testsuite>\n</testsuites>\n";
  return x;
}

void writeJUnit(const std::string& path, const JUnitSuite& suite) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw std::runtime_error("cannot write JUnit file " + path);
  out << junitXml(suite);
  if (!out.flush()) throw std::runtime_error("cannot write JUnit file " + path);
}

}  // namespace symemu::harness
