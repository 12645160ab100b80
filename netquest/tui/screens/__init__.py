"""The screens of NetQuest: Today, onboarding, quest detail, editor, help and small dialogs."""
