// Starts Swagger UI on /docs over this service's /openapi.json.  The
// validator badge is turned off: it would send the document to a server
// elsewhere.  BaseLayout has no top bar for loading other documents.
"use strict";

window.addEventListener("DOMContentLoaded", function () {
  window.ui = SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
});
