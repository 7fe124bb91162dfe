# Crash-safe saves: SIGKILL during saves of a large design (tst_crashsafe).
stackplan_test(crashsafe TIMEOUT 90 LABELS hardening)
