"""The store layer: typed reads and writes; all of Poise's SQL lives in this package.

Every function takes the connection first and opens its own cursor, so one
process-wide connection serves every Streamlit session thread. Writes run in
one transaction each (lib.db.transaction) and validate through lib.models
before anything reaches the database. Each submodule lists its public names
in __all__; they are all reachable as `store.<name>`. `store.open_database` is the
one way to open the file (connect, migrate, seed the default library).
"""

from lib.store.archive import *
from lib.store.audit import *
from lib.store.bootstrap import *
from lib.store.bulk import *
from lib.store.catalog import *
from lib.store.engine import *
from lib.store.journal import *
from lib.store.media import *
from lib.store.motion import *
from lib.store.progress import *
from lib.store.questionnaires import *
from lib.store.redflags import *
from lib.store.settings import *
from lib.store.words import *
