// How Boost.Test prints FieldOps values in failure messages.
#pragma once

#include <protocol/messages.hpp>

#include <boost/test/unit_test.hpp>

#include <ostream>
#include <type_traits>

// Cap'n Proto enums live in capnp::schemas; print them as their ordinal.
namespace capnp::schemas {
template <class E>
  requires std::is_enum_v<E>
std::ostream& operator<<(std::ostream& os, E e) {
  return os << static_cast<int>(e);
}
}  // namespace capnp::schemas

BOOST_TEST_DONT_PRINT_LOG_VALUE(fieldops::Position)
BOOST_TEST_DONT_PRINT_LOG_VALUE(fieldops::Capabilities)
BOOST_TEST_DONT_PRINT_LOG_VALUE(fieldops::Hello)
BOOST_TEST_DONT_PRINT_LOG_VALUE(fieldops::Welcome)
BOOST_TEST_DONT_PRINT_LOG_VALUE(fieldops::Heartbeat)
BOOST_TEST_DONT_PRINT_LOG_VALUE(fieldops::Subject)
BOOST_TEST_DONT_PRINT_LOG_VALUE(fieldops::Sighting)
BOOST_TEST_DONT_PRINT_LOG_VALUE(fieldops::SightingAck)
BOOST_TEST_DONT_PRINT_LOG_VALUE(fieldops::Task)
BOOST_TEST_DONT_PRINT_LOG_VALUE(fieldops::TaskAck)
BOOST_TEST_DONT_PRINT_LOG_VALUE(fieldops::TaskUpdate)
BOOST_TEST_DONT_PRINT_LOG_VALUE(fieldops::Receipt)
BOOST_TEST_DONT_PRINT_LOG_VALUE(fieldops::Error)
BOOST_TEST_DONT_PRINT_LOG_VALUE(fieldops::TaskCancel)
BOOST_TEST_DONT_PRINT_LOG_VALUE(fieldops::UnitView)
BOOST_TEST_DONT_PRINT_LOG_VALUE(fieldops::TaskView)
BOOST_TEST_DONT_PRINT_LOG_VALUE(fieldops::Transition)
BOOST_TEST_DONT_PRINT_LOG_VALUE(fieldops::StoredSighting)
BOOST_TEST_DONT_PRINT_LOG_VALUE(fieldops::Snapshot)
BOOST_TEST_DONT_PRINT_LOG_VALUE(fieldops::ControlOk)
BOOST_TEST_DONT_PRINT_LOG_VALUE(fieldops::Envelope)
