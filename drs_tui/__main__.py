from drs_tui.cli import main

raise SystemExit(main())
