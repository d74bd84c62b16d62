"""`infoview watch`: build, serve on the loopback address, rebuild on change, reload tabs.

Two processes, one direction:

- the *preview* process (`preview.Preview`) runs the HTTP server
  (`server.py`) and the watchdog observer (`changes.Changes`), which flags
  that something under the journal changed;
- the main process runs the build loop (`loop.py`): it waits for a quiet moment, so a
  burst of saves gives one build, builds, and tells the preview when the
  build starts and when it is done (with the problems it found). Only a
  finished build advances the *epoch* that open tabs reload on.

The build loop keeps the main process free of threads, so builds may fork
workers and use every core; Ctrl-C and SIGTERM stop both processes.
"""
