"""The learner's side: where their files live, the profile, progress records, the committed plan,
pace, what a new plan changes and status against the plan. Every file is written atomically."""
