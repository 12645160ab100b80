"""The full-screen app: onboarding, Today, quest detail and the quest editor (Textual)."""
