#pragma once
// The compose verbs that act on, or read, each existing container of a
// project's services (all when none is named), as docker compose 2.26 does:
// pause, unpause, kill [-s SIGNAL], rm [-f] [-s] [-v], top, port, images, pull;
// `ls` lists every project found from container labels.

#include "compose/compose_project.h"

#include <iosfwd>
#include <string>
#include <vector>

namespace berth::compose::cli {

// pause, unpause, kill, rm
int run_container_verb(const std::string& verb, const std::vector<std::string>& args, const ComposeOptions& options,
                       const std::string& host, std::ostream& out, std::ostream& err);
int run_top(const std::vector<std::string>& args, const ComposeOptions& options, const std::string& host,
            std::ostream& out, std::ostream& err);
int run_port(const std::vector<std::string>& args, const ComposeOptions& options, const std::string& host,
             std::ostream& out, std::ostream& err);
int run_images(const std::vector<std::string>& args, const ComposeOptions& options, const std::string& host,
               std::ostream& out, std::ostream& err);
int run_pull(const std::vector<std::string>& args, const ComposeOptions& options, const std::string& host,
             std::ostream& out, std::ostream& err);
// Not project-bound: no compose file is read.
int run_ls(const std::vector<std::string>& args, const std::string& host, std::ostream& out, std::ostream& err);

} // namespace berth::compose::cli
