import { defineWalk } from '../support/walk';

// Every menu page of every kind of demo account, at a desk (1440×900); screenshots in .tmp/screenshots/walk/desktop.
defineWalk(false);
