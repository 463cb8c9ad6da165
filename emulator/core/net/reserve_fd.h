#pragma once

namespace symemu::net {

// One spare file descriptor (on /dev/null) held back so that, when accept() fails with
// EMFILE, the listener can free it, accept the waiting client and close it at once instead of
// leaving it in the backlog (which would wake epoll again and again).
class ReserveFd {
 public:
  ReserveFd() = default;
  ~ReserveFd();
  ReserveFd(const ReserveFd&) = delete;
  ReserveFd& operator=(const ReserveFd&) = delete;

  bool acquire();  // opens the spare; true when held
  void release();  // closes the spare so its slot can be used
  bool held() const { return fd_ >= 0; }

 private:
  int fd_ = -1;
};

}  // namespace symemu::net
