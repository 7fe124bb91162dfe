# Crash-safe saves: SIGKILL during saves of a large design (tst_crashsafe).
stackplan_test(crashsafe LIBS stackplan_designgen TIMEOUT 90 LABELS hardening)
# Crash-safe autosave: SIGKILL during autosaves through RecoveryStore, then
# recovery by a fresh store or a designer window (tst_autosavecrash).
stackplan_test(autosavecrash LIBS stackplan::views Qt6::Widgets stackplan_designgen TIMEOUT 120 LABELS hardening)
