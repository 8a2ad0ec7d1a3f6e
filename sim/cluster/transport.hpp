// The MPI calls behind Cluster, in one of two files chosen by CMake: transport_mpi.cpp (NEGSIM_MPI on) or
// transport_none.cpp (a build without MPI, where join() is never reached and the others cannot be). Cluster
// (cluster.cpp) checks the arguments and handles a job of one itself, so these see only valid calls in a joined job.
#pragma once

#include "cluster/cluster.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace negsim::transport {

[[nodiscard]] bool built_with_mpi();
struct Place {
    int rank = 0;
    int size = 1;
};
[[nodiscard]] Place join();  // MPI_Init_thread; errors from then on are returned, not fatal
void leave() noexcept;       // MPI_Finalize
void send(int to, int tag, std::string_view bytes);
[[nodiscard]] Message receive(int tag);
[[nodiscard]] std::optional<Message> poll(int tag);
void barrier();
[[nodiscard]] std::string broadcast(std::string_view bytes);
[[noreturn]] void abort(int code) noexcept;

}  // namespace negsim::transport
