// fieldops-dashboard: the commanders' screen. Everything is in the fieldops_dashboard library.
#include <tui/app.hpp>

int main(int argc, char** argv) {
  return fieldops::dashboard::dashboardCommand(argc, argv);
}
