"""Accounts: who may sign in and how.

auth       password hashes (argon2)
signin     server-side sign-in sessions, lockout and timeouts
users      therapists and leads, their roles and disciplines
first_run  the empty clinic's setup with a one-time code
"""
