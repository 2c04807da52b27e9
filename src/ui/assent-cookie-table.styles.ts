import { css } from 'lit';
import { visuallyHidden } from './styles.js';

export const assentCookieTableStyles = css`
  :host {
    display: block;
    container-type: inline-size;
  }
  .surface {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: var(--_space);
    padding: var(--_space);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  table {
    width: 100%;
    border-collapse: collapse;
  }
  caption {
    margin-block-end: calc(var(--_space) / 2);
    font-size: 1.125rem;
    font-weight: 600;
    text-align: start;
  }
  th,
  td {
    padding: 0.5rem;
    border-block-end: 1px solid var(--_border);
    text-align: start;
    vertical-align: top;
  }
  thead th {
    border-block-end-width: 2px;
  }
  .description {
    color: var(--_muted);
  }
  ul {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 0.75rem;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  code {
    font-family: ui-monospace, monospace;
    font-size: 0.9em;
    overflow-wrap: anywhere;
  }
  .footer {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: var(--_space);
  }
  .receipt {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 0.75rem;
    min-width: 0;
    margin: 0;
  }
  dt {
    font-weight: 600;
  }
  dd {
    min-width: 0;
    margin: 0;
  }
  /* Narrow (a phone): each category is a card of its own, its choice beside its name. The table's
     roles are set explicitly, so that it stays a table for assistive technology. */
  @container (max-width: 34rem) {
    thead {
      ${visuallyHidden}
    }
    tr {
      display: grid;
      grid-template-columns: minmax(0, 1fr) auto;
      grid-template-areas: 'name choice' 'purpose purpose' 'cookies cookies';
      padding-block: 0.5rem;
      border-block-end: 1px solid var(--_border);
    }
    th,
    td {
      padding: 0.125rem 0;
      border: 0;
    }
    th {
      grid-area: name;
    }
    .decision {
      grid-area: choice;
      font-weight: 600;
    }
    .description {
      grid-area: purpose;
    }
    .cookies {
      grid-area: cookies;
    }
  }
`;
