#pragma once
// A database file in the temp folder for tests that reopen it or read it from a second
// connection; removed (with its WAL and shared-memory files) when the test ends.
#include <Poco/File.h>
#include <Poco/TemporaryFile.h>

#include <string>

namespace testmods {

struct TempDb {
  std::string path = Poco::TemporaryFile::tempName() + ".db";
  TempDb() = default;
  TempDb(const TempDb&) = delete;
  TempDb& operator=(const TempDb&) = delete;
  ~TempDb() {
    for (auto suffix : {"", "-wal", "-shm"}) {
      Poco::File f(path + suffix);
      if (f.exists()) f.remove();
    }
  }
};

}  // namespace testmods
