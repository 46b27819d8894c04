import { defineWalk } from '../support/walk';

// Every menu page of every kind of demo account, on a phone (390×844); screenshots in .tmp/screenshots/walk/phone.
defineWalk(true);
