___TERMS_OF_SERVICE___

By creating or modifying this file you agree to Google Tag Manager's Community
Template Gallery Developer Terms of Service available at
https://developers.google.com/tag-manager/gallery-tos (or such other URL as
Google may provide), as modified from time to time.


___INFO___

{
  "type": "TAG",
  "id": "cvt_temp_public_id",
  "version": 1,
  "securityGroups": [],
  "displayName": "Assent consent",
  "categories": [
    "TAG_MANAGEMENT",
    "UTILITY"
  ],
  "brand": {
    "id": "brand_assent",
    "displayName": "Assent"
  },
  "description": "Sets Google Consent Mode defaults per region before any tag, and updates them from the shopper's decision in Assent (window.assent), on load for a decision in force and on every decision after. Fire it on the Consent Initialization - All Pages trigger.",
  "containerContexts": [
    "WEB"
  ]
}


___TEMPLATE_PARAMETERS___

[
  {
    "type": "SIMPLE_TABLE",
    "name": "defaultSettings",
    "displayName": "Defaults per region",
    "help": "One row per group of regions: ISO 3166 codes separated by commas (DE, FR, US-CA), or empty for every region no other row names. The consent types a row grants are granted before a decision; every other type is denied. Grant nothing optional where the shopper must opt in (EEA, UK, Switzerland).",
    "simpleTableColumns": [
      {
        "defaultValue": "",
        "displayName": "Regions (empty: all others)",
        "name": "region",
        "type": "TEXT"
      },
      {
        "defaultValue": "security_storage",
        "displayName": "Granted before a decision (all others denied)",
        "name": "granted",
        "type": "TEXT"
      }
    ],
    "newRowButtonText": "Add regions",
    "defaultValue": [
      {
        "region": "",
        "granted": "security_storage"
      }
    ]
  },
  {
    "type": "SIMPLE_TABLE",
    "name": "categoryMapping",
    "displayName": "Assent categories and the consent types they grant",
    "help": "A consent type is granted when every category that lists it is granted in Assent; a type no category lists stays denied. Use the names of your assent-category elements.",
    "simpleTableColumns": [
      {
        "defaultValue": "",
        "displayName": "Assent category",
        "name": "category",
        "type": "TEXT",
        "valueValidators": [
          {
            "type": "NON_EMPTY"
          }
        ]
      },
      {
        "defaultValue": "",
        "displayName": "Consent types (comma-separated)",
        "name": "consentTypes",
        "type": "TEXT"
      }
    ],
    "newRowButtonText": "Add category",
    "defaultValue": [
      {
        "category": "necessary",
        "consentTypes": "security_storage"
      },
      {
        "category": "functional",
        "consentTypes": "functionality_storage"
      },
      {
        "category": "analytics",
        "consentTypes": "analytics_storage"
      },
      {
        "category": "marketing",
        "consentTypes": "ad_storage, ad_user_data, ad_personalization"
      },
      {
        "category": "personalization",
        "consentTypes": "personalization_storage"
      }
    ]
  },
  {
    "type": "TEXT",
    "name": "waitForUpdate",
    "displayName": "Wait for an update (milliseconds, 0 to 10000)",
    "simpleValueType": true,
    "defaultValue": "500",
    "help": "How long Google tags wait for Assent's update before they run under the defaults.",
    "valueValidators": [
      {
        "type": "NON_NEGATIVE_NUMBER"
      }
    ]
  },
  {
    "type": "CHECKBOX",
    "name": "adsDataRedaction",
    "checkboxText": "Redact ads data while ad_storage is denied (ads_data_redaction)",
    "simpleValueType": true,
    "defaultValue": false
  },
  {
    "type": "CHECKBOX",
    "name": "urlPassthrough",
    "checkboxText": "Pass ad click information through URLs (url_passthrough)",
    "simpleValueType": true,
    "defaultValue": false
  },
  {
    "type": "TEXT",
    "name": "assentScriptUrl",
    "displayName": "Load Assent from (optional)",
    "simpleValueType": true,
    "defaultValue": "",
    "help": "Only for a shop that loads Assent through Tag Manager: the URL of assent.iife.js on the shop's own site. Allow it in this template's 'Injects scripts' permission first. Leave empty when the page loads Assent itself (recommended: first in head, before any tag)."
  }
]


___SANDBOXED_JS_FOR_WEB_TEMPLATE___

// Assent's Google Tag Manager template (docs/gtm.md): Consent Mode defaults per region, then the
// shopper's decision from Assent's public API (window.assent), on load and on every decision.
const callInWindow = require('callInWindow');
const copyFromWindow = require('copyFromWindow');
const gtagSet = require('gtagSet');
const injectScript = require('injectScript');
const logToConsole = require('logToConsole');
const makeNumber = require('makeNumber');
const makeString = require('makeString');
const queryPermission = require('queryPermission');
const setDefaultConsentState = require('setDefaultConsentState');
const updateConsentState = require('updateConsentState');

const CONSENT_TYPES = ['ad_storage', 'ad_user_data', 'ad_personalization', 'analytics_storage', 'functionality_storage', 'personalization_storage', 'security_storage'];

/** A comma-separated list as its trimmed, non-empty entries. */
const listOf = (value) => makeString(value || '').split(',').map((entry) => entry.trim()).filter((entry) => entry.length > 0);

/** The consent types of a list; any other name is reported and left out. */
const consentTypesOf = (value, where) => listOf(value).filter((type) => {
  if (CONSENT_TYPES.indexOf(type) >= 0) return true;
  logToConsole('Assent: "' + type + '" in ' + where + ' is not a consent type; it is ignored.');
  return false;
});

/** Every consent type: those listed granted, all others denied. */
const statesGranting = (granted) => {
  const states = {};
  CONSENT_TYPES.forEach((type) => {
    states[type] = granted.indexOf(type) >= 0 ? 'granted' : 'denied';
  });
  return states;
};

const wait = makeNumber(data.waitForUpdate);
const waitForUpdate = wait >= 0 && wait <= 10000 ? wait : 500;

(data.defaultSettings || []).forEach((row) => {
  const states = statesGranting(consentTypesOf(row.granted, 'the defaults'));
  const regions = listOf(row.region);
  if (regions.length > 0) states.region = regions;
  states.wait_for_update = waitForUpdate;
  setDefaultConsentState(states);
});
if (data.adsDataRedaction) gtagSet('ads_data_redaction', true);
if (data.urlPassthrough) gtagSet('url_passthrough', true);

const mapping = (data.categoryMapping || []).map((row) => {
  return { category: makeString(row.category).trim(), types: consentTypesOf(row.consentTypes, 'the category table') };
});

/**
 * Consent Mode from Assent's decision: a type is granted when every category that lists it is
 * granted. Said only once Assent says something: a decision in force, or optional categories that
 * run by default (its opt-out regime). Before that, and without Assent on the page, the defaults
 * stand, so nothing is granted before a decision allows it.
 */
const updateFromAssent = () => {
  const granted = {};
  let optionalGranted = false;
  mapping.forEach((row) => {
    granted[row.category] = callInWindow('assent.granted', row.category) === true;
    if (granted[row.category] && row.category !== 'necessary') optionalGranted = true;
  });
  if (!copyFromWindow('assent.state') && !optionalGranted) return;
  const grantedTypes = CONSENT_TYPES.filter((type) => {
    const listing = mapping.filter((row) => row.types.indexOf(type) >= 0);
    return listing.length > 0 && listing.every((row) => granted[row.category]);
  });
  updateConsentState(statesGranting(grantedTypes));
};

// Assent dispatches both on document; they bubble to window. A decision made in another tab fires
// assent-change here too.
callInWindow('addEventListener', 'assent-ready', updateFromAssent);
callInWindow('addEventListener', 'assent-change', updateFromAssent);
updateFromAssent(); // Assent may have been ready before Tag Manager ran

const scriptUrl = makeString(data.assentScriptUrl || '').trim();
if (scriptUrl === '') {
  data.gtmOnSuccess();
} else if (queryPermission('inject_script', scriptUrl)) {
  injectScript(scriptUrl, data.gtmOnSuccess, data.gtmOnFailure, 'assent');
} else {
  logToConsole('Assent: this template may not load ' + scriptUrl + '; allow it in its "Injects scripts" permission.');
  data.gtmOnFailure();
}


___WEB_PERMISSIONS___

[
  {
    "instance": {
      "key": {
        "publicId": "access_consent",
        "versionId": "1"
      },
      "param": [
        {
          "key": "consentTypes",
          "value": {
            "type": 2,
            "listItem": [
              {
                "type": 3,
                "mapKey": [
                  { "type": 1, "string": "consentType" },
                  { "type": 1, "string": "read" },
                  { "type": 1, "string": "write" }
                ],
                "mapValue": [
                  { "type": 1, "string": "ad_storage" },
                  { "type": 8, "boolean": false },
                  { "type": 8, "boolean": true }
                ]
              },
              {
                "type": 3,
                "mapKey": [
                  { "type": 1, "string": "consentType" },
                  { "type": 1, "string": "read" },
                  { "type": 1, "string": "write" }
                ],
                "mapValue": [
                  { "type": 1, "string": "ad_user_data" },
                  { "type": 8, "boolean": false },
                  { "type": 8, "boolean": true }
                ]
              },
              {
                "type": 3,
                "mapKey": [
                  { "type": 1, "string": "consentType" },
                  { "type": 1, "string": "read" },
                  { "type": 1, "string": "write" }
                ],
                "mapValue": [
                  { "type": 1, "string": "ad_personalization" },
                  { "type": 8, "boolean": false },
                  { "type": 8, "boolean": true }
                ]
              },
              {
                "type": 3,
                "mapKey": [
                  { "type": 1, "string": "consentType" },
                  { "type": 1, "string": "read" },
                  { "type": 1, "string": "write" }
                ],
                "mapValue": [
                  { "type": 1, "string": "analytics_storage" },
                  { "type": 8, "boolean": false },
                  { "type": 8, "boolean": true }
                ]
              },
              {
                "type": 3,
                "mapKey": [
                  { "type": 1, "string": "consentType" },
                  { "type": 1, "string": "read" },
                  { "type": 1, "string": "write" }
                ],
                "mapValue": [
                  { "type": 1, "string": "functionality_storage" },
                  { "type": 8, "boolean": false },
                  { "type": 8, "boolean": true }
                ]
              },
              {
                "type": 3,
                "mapKey": [
                  { "type": 1, "string": "consentType" },
                  { "type": 1, "string": "read" },
                  { "type": 1, "string": "write" }
                ],
                "mapValue": [
                  { "type": 1, "string": "personalization_storage" },
                  { "type": 8, "boolean": false },
                  { "type": 8, "boolean": true }
                ]
              },
              {
                "type": 3,
                "mapKey": [
                  { "type": 1, "string": "consentType" },
                  { "type": 1, "string": "read" },
                  { "type": 1, "string": "write" }
                ],
                "mapValue": [
                  { "type": 1, "string": "security_storage" },
                  { "type": 8, "boolean": false },
                  { "type": 8, "boolean": true }
                ]
              }
            ]
          }
        }
      ]
    },
    "clientAnnotations": {
      "isEditedByUser": true
    },
    "isRequired": true
  },
  {
    "instance": {
      "key": {
        "publicId": "access_globals",
        "versionId": "1"
      },
      "param": [
        {
          "key": "keys",
          "value": {
            "type": 2,
            "listItem": [
              {
                "type": 3,
                "mapKey": [
                  { "type": 1, "string": "key" },
                  { "type": 1, "string": "read" },
                  { "type": 1, "string": "write" },
                  { "type": 1, "string": "execute" }
                ],
                "mapValue": [
                  { "type": 1, "string": "assent.state" },
                  { "type": 8, "boolean": true },
                  { "type": 8, "boolean": false },
                  { "type": 8, "boolean": false }
                ]
              },
              {
                "type": 3,
                "mapKey": [
                  { "type": 1, "string": "key" },
                  { "type": 1, "string": "read" },
                  { "type": 1, "string": "write" },
                  { "type": 1, "string": "execute" }
                ],
                "mapValue": [
                  { "type": 1, "string": "assent.granted" },
                  { "type": 8, "boolean": false },
                  { "type": 8, "boolean": false },
                  { "type": 8, "boolean": true }
                ]
              },
              {
                "type": 3,
                "mapKey": [
                  { "type": 1, "string": "key" },
                  { "type": 1, "string": "read" },
                  { "type": 1, "string": "write" },
                  { "type": 1, "string": "execute" }
                ],
                "mapValue": [
                  { "type": 1, "string": "addEventListener" },
                  { "type": 8, "boolean": false },
                  { "type": 8, "boolean": false },
                  { "type": 8, "boolean": true }
                ]
              }
            ]
          }
        }
      ]
    },
    "clientAnnotations": {
      "isEditedByUser": true
    },
    "isRequired": true
  },
  {
    "instance": {
      "key": {
        "publicId": "write_data_layer",
        "versionId": "1"
      },
      "param": [
        {
          "key": "keyPatterns",
          "value": {
            "type": 2,
            "listItem": [
              { "type": 1, "string": "ads_data_redaction" },
              { "type": 1, "string": "url_passthrough" }
            ]
          }
        }
      ]
    },
    "clientAnnotations": {
      "isEditedByUser": true
    },
    "isRequired": true
  },
  {
    "instance": {
      "key": {
        "publicId": "inject_script",
        "versionId": "1"
      },
      "param": [
        {
          "key": "urls",
          "value": {
            "type": 2,
            "listItem": [
              { "type": 1, "string": "https://shop.example/assent/*" }
            ]
          }
        }
      ]
    },
    "clientAnnotations": {
      "isEditedByUser": true
    },
    "isRequired": true
  },
  {
    "instance": {
      "key": {
        "publicId": "logging",
        "versionId": "1"
      },
      "param": [
        {
          "key": "environments",
          "value": {
            "type": 1,
            "string": "debug"
          }
        }
      ]
    },
    "clientAnnotations": {
      "isEditedByUser": true
    },
    "isRequired": true
  }
]


___TESTS___

scenarios: []


___NOTES___

Assent's template for Google Tag Manager. Tested outside Tag Manager by test/gtm/template.test.mjs
in the Assent repository, against a fake of the sandbox APIs it uses. How to import and configure
it: docs/gtm.md.
