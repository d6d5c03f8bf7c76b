"""``--driver browser``: the features through Chromium, against the reference UI or a team's own pages."""
