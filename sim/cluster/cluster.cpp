// Cluster (cluster.hpp): argument checks and the job of one; the MPI calls are in transport_mpi.cpp.
#include "cluster/cluster.hpp"

#include "cluster/transport.hpp"

#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>

namespace negsim {

namespace {

void check_tag(int tag) {
    if (tag < 0 || tag > Cluster::kMaxTag)
        throw std::invalid_argument("message tag " + std::to_string(tag) + " is not valid; expected 0 to " + std::to_string(Cluster::kMaxTag));
}

}  // namespace

bool Cluster::launched_by_mpi() {
    // Open MPI's mpirun sets OMPI_COMM_WORLD_SIZE; PMIx launchers (Open MPI 4+, srun --mpi=pmix) PMIX_RANK; PMI-1/2
    // launchers (MPICH's hydra, srun --mpi=pmi2) PMI_RANK and PMI_SIZE.
    for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"})
        if (std::getenv(name) != nullptr) return true;
    return false;
}

Cluster::Cluster() {
    if (!transport::built_with_mpi() || !launched_by_mpi()) return;
    const transport::Place place = transport::join();
    joined_ = true;
    rank_ = place.rank;
    size_ = place.size;
}

Cluster::~Cluster() {
    if (joined_) transport::leave();
}

void Cluster::check_peer(int to) const {
    if (to < 0 || to >= size_ || to == rank_)
        throw std::invalid_argument("rank " + std::to_string(to) + " is not another rank of this job of " + std::to_string(size_) +
                                    " (this is rank " + std::to_string(rank_) + ")");
}

void Cluster::send(int to, int tag, std::string_view bytes) {
    check_peer(to);
    check_tag(tag);
    transport::send(to, tag, bytes);
}

Message Cluster::receive(int tag) {
    check_tag(tag);
    if (size_ == 1) throw std::logic_error("receive in a job of one process: no message can come");
    return transport::receive(tag);
}

std::optional<Message> Cluster::poll(int tag) {
    check_tag(tag);
    if (size_ == 1) return std::nullopt;
    return transport::poll(tag);
}

void Cluster::barrier() {
    if (joined_) transport::barrier();
}

std::string Cluster::broadcast(std::string_view bytes) {
    if (!joined_) return std::string(bytes);
    return transport::broadcast(bytes);
}

void Cluster::abort(int code, std::string_view message) noexcept {
    std::fprintf(stderr, "%.*s\n", static_cast<int>(message.size()), message.data());
    std::fflush(nullptr);
    if (joined_) transport::abort(code);
    std::_Exit(code);
}

}  // namespace negsim
