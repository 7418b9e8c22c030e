"""What ``python -m service extract`` writes on stderr, as the tests read it."""

import re

#: The summary line ``extract`` writes on stderr at the end of a run.
SUMMARY = re.compile(
    r"(?P<articles>\d+) articles, (?P<quotes>\d+) quotes, (?P<bad>\d+) bad lines"
    r"(?:, (?P<already>\d+) already done)?(?:, (?P<failed>\d+) failed)?, [\d.]+s \([\d.]+ articles/s\)"
    r"(?:; (?P<stopped>.+))?"
)
