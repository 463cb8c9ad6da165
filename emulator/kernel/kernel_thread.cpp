#include "symemu/kernel/kernel_thread.h"

#include <chrono>

namespace symemu {

KernelThread::KernelThread(Kernel& kernel, std::size_t maxBatch) : kernel_(kernel), maxBatch_(maxBatch) {}

KernelThread::~KernelThread() { stop(); }

void KernelThread::start() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (running_) return;
  running_ = true;
  stopping_ = false;
  kernel_.setExecutor([this](std::function<void()> task) { post(std::move(task)); });
  thread_ = std::thread([this] { run(); });
}

void KernelThread::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!running_) return;
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  kernel_.setExecutor(nullptr);
  std::lock_guard<std::mutex> lock(mutex_);
  running_ = false;
}

void KernelThread::post(std::function<void()> task) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    queue_.push_back(std::move(task));
  }
  wake_.notify_one();
}

void KernelThread::run() {
  std::deque<std::function<void()>> batch;
  kernel_.runPosted();  // work posted before the executor was installed
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(mutex_);
      auto ready = [this] { return stopping_ || !queue_.empty(); };
      auto due = kernel_.manualClock() ? std::nullopt : kernel_.nextTimerDue();
      if (due) {
        double wait = *due - kernel_.now();
        if (wait > 0) wake_.wait_for(lock, std::chrono::duration<double>(std::min(wait, 3600.0)), ready);
      } else {
        wake_.wait(lock, ready);
      }
      if (stopping_ && queue_.empty()) break;
      std::size_t n = std::min(queue_.size(), maxBatch_);
      for (std::size_t i = 0; i < n; ++i) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    for (auto& task : batch) {
      try {
        task();
      } catch (const std::exception& e) {
        kernel_.logMessage(0, msg::KL_ERROR, std::string("kernel task failed: ") + e.what());
      }
    }
    batch.clear();
    try {
      if (!kernel_.manualClock()) kernel_.runDueTimers();
      kernel_.commit();
      ++batches_;
    } catch (const std::exception& e) {
      kernel_.logMessage(0, msg::KL_ERROR, std::string("commit failed: ") + e.what());
    }
  }
  try {
    kernel_.commit();
  } catch (const std::exception& e) {
    kernel_.logMessage(0, msg::KL_ERROR, std::string("final commit failed: ") + e.what());
  }
}

}  // namespace symemu
