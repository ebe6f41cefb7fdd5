from briefgen.cli import main

raise SystemExit(main())
