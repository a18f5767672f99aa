#pragma once
// The image store's check at berthd's start: every image's config blob present
// and naming the image's layers, and every snapshot of its stack present.
//
// A missing snapshot whose layer is still in the content store (its plain tar,
// or the compressed blob it was pulled as) is unpacked again: repaired. An
// image that cannot be repaired (its config gone or damaged, a snapshot gone
// with nothing to remake it from) is marked damaged in the ImageService: it
// leaves `docker images` and `docker system df`, every use of it (run, create,
// inspect, history, save, push) fails naming what is missing, and `docker rmi`
// still removes it. A layer kept neither as a tar nor compressed (the image runs
// but cannot be saved or pushed) is reported as a warning. Everything found is
// logged with the image it affects ("image store: ...").

#include "images/image_service.h"

#include <string>
#include <vector>

namespace berth::images {

struct StoreProblem {
    std::string image_id;
    std::string names;   // its references, for the reader of the log ("a:1, b:2"; "<none>")
    std::string problem; // what is wrong
    enum class Outcome { Repaired, Damaged, Warning } outcome = Outcome::Warning;
};

// Checks and repairs; marks damaged images in `service`; logs every problem.
std::vector<StoreProblem> check_image_store(ImageService& service);

} // namespace berth::images
