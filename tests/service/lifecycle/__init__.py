"""The booking's whole life as a model-based test (a Hypothesis state machine on the in-memory fakes): customers,
staff and the clock act at random, and after every step the properties of properties.py must hold.

- world.py: the use cases on memory ports, a chain with one store and its staff, the customers; what was sent
  when; time moving forward through the scheduled checks as deployed (chalicelib.jobs.CHECKS, each on its cadence);
- model.py: what the test believes (the bookings made, the status each should have, the messages an action
  should cause), with the lifecycle table of docs/product-rules.md#lifecycle written out again;
- properties.py: the properties checked after every step;
- job_rules.py and jobs.py: the job between check-in and pick-up (promise, progress, delays, extra work, the
  bill) and its properties; deposit_rules.py: a parts deposit paid, notified, closed and refunded through the
  WeChat Pay stand-in (payments.py), with the money held against it;
- machine.py: the rules.

tests/service/test_booking_life.py runs it in the suite; bench/lifecycle.py runs it longer.
"""
