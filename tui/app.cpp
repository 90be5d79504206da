// Builds the dashboard's parts from the command line and runs its loop (see app.hpp).
#include <unistd.h>

#include <clocale>
#include <iostream>
#include <protocol/shutdown_signal.hpp>
#include <tui/app.hpp>
#include <tui/loop.hpp>

namespace fieldops::dashboard {

int dashboardCommand(int argc, char** argv) {
  DashboardOptions options;
  bool stop = false;
  const int code = parseCommandLine(argc, argv, options, stop);
  if (stop) return code;
  std::setlocale(LC_ALL, "");  // UTF-8 names: ncursesw measures and draws by the locale
  if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
    std::cerr << "fieldops-dashboard: needs a terminal" << std::endl;
    return 2;
  }
  const int sigfd = shutdownSignalFd();  // before ZeroMQ starts its threads
  if (sigfd < 0) {
    std::cerr << "fieldops-dashboard: cannot set up signal handling" << std::endl;
    return 2;
  }
  try {
    zmq::context_t context(1);
    Screen screen(options.monochrome);
    Dashboard dashboard(context, options, screen);
    const int result = dashboard.run(sigfd);
    close(sigfd);
    return result;
  } catch (const zmq::error_t& e) {
    std::cerr << "fieldops-dashboard: cannot connect to " << options.control << ": " << e.what()
              << std::endl;
    return 2;
  } catch (const std::runtime_error& e) {
    std::cerr << "fieldops-dashboard: " << e.what() << std::endl;
    return 2;
  }
}

}  // namespace fieldops::dashboard
