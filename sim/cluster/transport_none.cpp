// A build without MPI (NEGSIM_MPI off): every process is a job of one, so Cluster never calls these past join().
#include "cluster/transport.hpp"

#include <cstdlib>
#include <stdexcept>

namespace negsim::transport {

namespace {
[[noreturn]] void unavailable() { throw std::logic_error("negsim was built without MPI (configure with -DNEGSIM_MPI=ON)"); }
}  // namespace

bool built_with_mpi() { return false; }
Place join() { return {}; }
void leave() noexcept {}
void send(int, int, std::string_view) { unavailable(); }
Message receive(int) { unavailable(); }
std::optional<Message> poll(int) { unavailable(); }
void barrier() { unavailable(); }
std::string broadcast(std::string_view) { unavailable(); }
void abort(int code) noexcept { std::_Exit(code); }

}  // namespace negsim::transport
