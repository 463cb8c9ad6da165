#include "symemu/core/net/reserve_fd.h"

#include <fcntl.h>
#include <unistd.h>

namespace symemu::net {

ReserveFd::~ReserveFd() { release(); }

bool ReserveFd::acquire() {
  if (fd_ < 0) fd_ = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  return fd_ >= 0;
}

void ReserveFd::release() {
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
}

}  // namespace symemu::net
