"""Public pages (public.py) and the staff back office (staff.py) of the engagement app."""
