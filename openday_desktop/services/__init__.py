"""The application layer: every write the product makes, with its rules and its transaction.

One module per family of actions (events, representatives, selection, attendance, feedback,
questionnaires, documents, calendar, maintenance, ...). The window, the CLI and the importer
collect input, call one function here and show its result or its typed error
(``OpenDayError`` and subclasses, each with a Chinese message). They never call a repository's
write method or open a transaction themselves.

Conventions for every service function:
- the first parameter is the open ``Store``; the rest are plain values or domain objects;
- all checks (domain rules, existence, status, frozen records: an archived event's record
  goes through ``services.record.require_open_record``) run before anything is written;
- the writes happen inside exactly one ``store.transaction()``, so a refusal or a failure
  leaves the database as it was;
- ``today`` / ``now`` are optional parameters so tests can pin the clock;
- nothing here imports Qt.
"""
