"""Terminal renderers: functions that return Rich renderables. Only this package imports rich."""
