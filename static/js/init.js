// Initialise GOV.UK Frontend's components (served from node_modules, installed by npm).
import { initAll } from "/vendor/govuk-frontend/govuk-frontend.min.js";

initAll();
