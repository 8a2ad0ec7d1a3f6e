// The MPI calls behind Cluster (NEGSIM_MPI on; Open MPI from Debian's libopenmpi-dev). Only the thread that joined
// calls MPI (MPI_THREAD_FUNNELED): the runner's worker threads never do. Errors are returned by MPI
// (MPI_ERRORS_RETURN) and thrown as std::runtime_error with MPI's own text.
#include "cluster/transport.hpp"

#include <mpi.h>

#include <limits>
#include <stdexcept>
#include <string>

namespace negsim::transport {

namespace {

void check(int code, const char* call) {
    if (code == MPI_SUCCESS) return;
    char text[MPI_MAX_ERROR_STRING];
    int length = 0;
    if (MPI_Error_string(code, text, &length) != MPI_SUCCESS) length = 0;
    throw std::runtime_error(std::string("MPI: ") + call + " failed: " + std::string(text, static_cast<std::size_t>(length)));
}

int byte_count(std::string_view bytes) {
    if (bytes.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()))
        throw std::invalid_argument("MPI: a message of " + std::to_string(bytes.size()) + " bytes is longer than one message can be (2^31 - 1 bytes)");
    return static_cast<int>(bytes.size());
}

// Receives the message MPI_Probe or MPI_Iprobe found.
Message take(const MPI_Status& status) {
    int length = 0;
    check(MPI_Get_count(&status, MPI_BYTE, &length), "MPI_Get_count");
    Message message{status.MPI_SOURCE, std::string(static_cast<std::size_t>(length), '\0')};
    check(MPI_Recv(message.bytes.data(), length, MPI_BYTE, status.MPI_SOURCE, status.MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE), "MPI_Recv");
    return message;
}

}  // namespace

bool built_with_mpi() { return true; }

Place join() {
    int provided = 0;
    check(MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided), "MPI_Init_thread");
    check(MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN), "MPI_Comm_set_errhandler");
    if (provided < MPI_THREAD_FUNNELED) {
        MPI_Finalize();
        throw std::runtime_error("MPI: this MPI library does not allow threads beside the one that calls it (MPI_THREAD_FUNNELED)");
    }
    Place place;
    check(MPI_Comm_rank(MPI_COMM_WORLD, &place.rank), "MPI_Comm_rank");
    check(MPI_Comm_size(MPI_COMM_WORLD, &place.size), "MPI_Comm_size");
    return place;
}

void leave() noexcept { MPI_Finalize(); }

void send(int to, int tag, std::string_view bytes) {
    check(MPI_Send(bytes.data(), byte_count(bytes), MPI_BYTE, to, tag, MPI_COMM_WORLD), "MPI_Send");
}

Message receive(int tag) {
    MPI_Status status;
    check(MPI_Probe(MPI_ANY_SOURCE, tag, MPI_COMM_WORLD, &status), "MPI_Probe");
    return take(status);
}

std::optional<Message> poll(int tag) {
    int arrived = 0;
    MPI_Status status;
    check(MPI_Iprobe(MPI_ANY_SOURCE, tag, MPI_COMM_WORLD, &arrived, &status), "MPI_Iprobe");
    if (!arrived) return std::nullopt;
    return take(status);
}

void barrier() { check(MPI_Barrier(MPI_COMM_WORLD), "MPI_Barrier"); }

std::string broadcast(std::string_view bytes) {
    int rank = 0;
    check(MPI_Comm_rank(MPI_COMM_WORLD, &rank), "MPI_Comm_rank");
    int length = rank == 0 ? byte_count(bytes) : 0;
    check(MPI_Bcast(&length, 1, MPI_INT, 0, MPI_COMM_WORLD), "MPI_Bcast");
    std::string text = rank == 0 ? std::string(bytes) : std::string(static_cast<std::size_t>(length), '\0');
    check(MPI_Bcast(text.data(), length, MPI_BYTE, 0, MPI_COMM_WORLD), "MPI_Bcast");
    return text;
}

void abort(int code) noexcept {
    MPI_Abort(MPI_COMM_WORLD, code);
    std::_Exit(code);  // MPI_Abort does not return; if it did, the process still ends
}

}  // namespace negsim::transport
