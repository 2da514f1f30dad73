import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);
import {
  client_exports as client_exports2,
  dist_es_exports,
  httpAuthSchemes_exports,
  init_client as init_client2,
  init_dist_es,
  init_httpAuthSchemes,
  init_protocols,
  init_protocols2,
  init_retry,
  protocols_exports,
  protocols_exports2,
  require_dist_cjs,
  require_dist_cjs2,
  require_dist_cjs3,
  retry_exports,
  smithyHandlerOver
} from "./chunk-ZP5U35QL.js";
import {
  checksum_exports,
  client_exports,
  config_exports,
  endpoints_exports,
  init_checksum,
  init_client,
  init_config,
  init_endpoints,
  init_schema,
  init_serde,
  schema_exports,
  serde_exports
} from "./chunk-PH6OPAHI.js";
import {
  allPages
} from "./chunk-WHZBR5V2.js";
import { splitPemCertificates } from "./start.js";
import { ACM_ACTIONS, arnRegion, resolveRegions } from "./start.js";
import { USER_AGENT } from "./start.js";
import {
  settleAll
} from "./chunk-VYFVYXL5.js";
import "./start.js";
import { CLOUD_API_RETRY_POLICY, callWithRetries } from "./start.js";
import { __commonJS, __toCommonJS, __toESM } from "./start.js";

// node_modules/@aws-sdk/client-acm/dist-cjs/index.js
var require_dist_cjs4 = __commonJS({
  "node_modules/@aws-sdk/client-acm/dist-cjs/index.js"(exports) {
    var { awsEndpointFunctions, emitWarningIfUnsupportedVersion: emitWarningIfUnsupportedVersion$1, createDefaultUserAgentProvider, getDefaultSocketTimeout, NODE_APP_ID_CONFIG_OPTIONS, getAwsRegionExtensionConfiguration, resolveAwsRegionExtensionConfiguration, resolveUserAgentConfig, resolveHostHeaderConfig, getUserAgentPlugin, getHostHeaderPlugin, getLoggerPlugin, getRecursionDetectionPlugin } = (init_client2(), __toCommonJS(client_exports2));
    var { getHttpAuthSchemeEndpointRuleSetPlugin, DefaultIdentityProviderConfig, getHttpSigningPlugin, createPaginator } = (init_dist_es(), __toCommonJS(dist_es_exports));
    var { normalizeProvider, getSmithyContext, ServiceException, NoOpLogger, emitWarningIfUnsupportedVersion, loadConfigsForDefaultMode, getDefaultExtensionConfiguration, resolveDefaultRuntimeConfig, Client, makeBuilder, createWaiter, checkExceptions, WaiterState, createAggregatedClient } = (init_client(), __toCommonJS(client_exports));
    var { Command: $Command } = (init_client(), __toCommonJS(client_exports));
    exports.$Command = $Command;
    exports.__Client = Client;
    var { resolveDefaultsModeConfig, loadConfig, NODE_USE_FIPS_ENDPOINT_CONFIG_OPTIONS, NODE_USE_DUALSTACK_ENDPOINT_CONFIG_OPTIONS, NODE_REGION_CONFIG_OPTIONS, NODE_REGION_CONFIG_FILE_OPTIONS, resolveRegionConfig } = (init_config(), __toCommonJS(config_exports));
    var { BinaryDecisionDiagram, EndpointCache, decideEndpoint, customEndpointFunctions, resolveEndpointConfig, getEndpointPlugin } = (init_endpoints(), __toCommonJS(endpoints_exports));
    var { parseUrl, getHttpHandlerExtensionConfiguration, resolveHttpHandlerRuntimeConfig, getContentLengthPlugin } = (init_protocols(), __toCommonJS(protocols_exports));
    var { DEFAULT_RETRY_MODE, NODE_RETRY_MODE_CONFIG_OPTIONS, NODE_MAX_ATTEMPT_CONFIG_OPTIONS, resolveRetryConfig, getRetryPlugin } = (init_retry(), __toCommonJS(retry_exports));
    var { TypeRegistry, getSchemaSerdePlugin } = (init_schema(), __toCommonJS(schema_exports));
    var { resolveAwsSdkSigV4Config, AwsSdkSigV4Signer, NODE_AUTH_SCHEME_PREFERENCE_OPTIONS } = (init_httpAuthSchemes(), __toCommonJS(httpAuthSchemes_exports));
    var { defaultProvider } = require_dist_cjs2();
    var { toUtf8, fromUtf8, toBase64, fromBase64, calculateBodyLength } = (init_serde(), __toCommonJS(serde_exports));
    var { streamCollector, NodeHttpHandler } = require_dist_cjs();
    var { AwsJson1_1Protocol } = (init_protocols2(), __toCommonJS(protocols_exports2));
    var { Sha256 } = (init_checksum(), __toCommonJS(checksum_exports));
    var defaultACMHttpAuthSchemeParametersProvider = async (config, context, input) => {
      return {
        operation: getSmithyContext(context).operation,
        region: await normalizeProvider(config.region)() || (() => {
          throw new Error("expected `region` to be configured for `aws.auth#sigv4`");
        })()
      };
    };
    function createAwsAuthSigv4HttpAuthOption(authParameters) {
      return {
        schemeId: "aws.auth#sigv4",
        signingProperties: {
          name: "acm",
          region: authParameters.region
        },
        propertiesExtractor: (config, context) => ({
          signingProperties: {
            config,
            context
          }
        })
      };
    }
    var defaultACMHttpAuthSchemeProvider = (authParameters) => {
      const options = [];
      switch (authParameters.operation) {
        default: {
          options.push(createAwsAuthSigv4HttpAuthOption(authParameters));
        }
      }
      return options;
    };
    var resolveHttpAuthSchemeConfig = (config) => {
      const config_0 = resolveAwsSdkSigV4Config(config);
      return Object.assign(config_0, {
        authSchemePreference: normalizeProvider(config.authSchemePreference ?? [])
      });
    };
    var resolveClientEndpointParameters = (options) => {
      return Object.assign(options, {
        useFipsEndpoint: options.useFipsEndpoint ?? false,
        useDualstackEndpoint: options.useDualstackEndpoint ?? false,
        defaultSigningName: "acm",
        clientContextParams: options.clientContextParams ?? {}
      });
    };
    var commonParams = {
      ServiceType: { type: "clientContextParams", name: "serviceType" },
      UseFIPS: { type: "builtInParams", name: "useFipsEndpoint" },
      Endpoint: { type: "builtInParams", name: "endpoint" },
      Region: { type: "builtInParams", name: "region" },
      UseDualStack: { type: "builtInParams", name: "useDualstackEndpoint" }
    };
    var version = "3.1168.0";
    var packageInfo = {
      version
    };
    var a = "PartitionResult";
    var b = "stringEquals";
    var c = "booleanEquals";
    var d = { "fn": "getAttr", "argv": [{ "ref": a }, "name"] };
    var e = {};
    var _data = {
      conditions: [
        ["isSet", [{ ref: "Endpoint" }]],
        ["aws.partition", [{ ref: "Region" }], a],
        [b, [{ ref: "ServiceType" }, "ACM-ACME"]],
        [c, [{ ref: "UseFIPS" }, true]],
        [b, [d, "aws"]],
        [c, [{ ref: "UseDualStack" }, true]],
        [b, [d, "aws-us-gov"]]
      ],
      results: [
        [-1],
        ["{Endpoint}", e],
        [-1, "FIPS endpoints are not available for ACME operations"],
        ["https://acm-acme.{Region}.{PartitionResult#dualStackDnsSuffix}", e],
        [-1, "ACME operations are only available in the aws and aws-us-gov partitions"],
        ["https://acm-fips.{Region}.{PartitionResult#dualStackDnsSuffix}", e],
        ["https://acm.{Region}.amazonaws.com", e],
        ["https://acm-fips.{Region}.{PartitionResult#dnsSuffix}", e],
        ["https://acm.{Region}.{PartitionResult#dualStackDnsSuffix}", e],
        ["https://acm.{Region}.{PartitionResult#dnsSuffix}", e],
        [-1, "Region must be set to resolve an endpoint."]
      ]
    };
    var root = 2;
    var r = 1e8;
    var nodes = new Int32Array([
      -1,
      1,
      -1,
      0,
      r + 1,
      3,
      1,
      4,
      r + 10,
      2,
      9,
      5,
      3,
      7,
      6,
      5,
      r + 8,
      r + 9,
      5,
      r + 5,
      8,
      6,
      r + 6,
      r + 7,
      3,
      12,
      10,
      4,
      r + 3,
      11,
      6,
      r + 3,
      r + 4,
      4,
      r + 2,
      13,
      6,
      r + 2,
      r + 4
    ]);
    var bdd = BinaryDecisionDiagram.from(nodes, root, _data.conditions, _data.results);
    var cache = new EndpointCache({
      size: 50,
      params: ["Endpoint", "Region", "ServiceType", "UseDualStack", "UseFIPS"]
    });
    var defaultEndpointResolver = (endpointParams, context = {}) => {
      return cache.get(endpointParams, () => decideEndpoint(bdd, {
        endpointParams,
        logger: context.logger
      }));
    };
    customEndpointFunctions.aws = awsEndpointFunctions;
    var ACMServiceException = class _ACMServiceException extends ServiceException {
      static shapeId = "smithy.ts.sdk.synthetic.com.amazonaws.acm#ACMServiceException";
      constructor(options) {
        super(options);
        Object.setPrototypeOf(this, _ACMServiceException.prototype);
      }
    };
    var AccessDeniedException = class _AccessDeniedException extends ACMServiceException {
      static shapeId = "com.amazonaws.acm#AccessDeniedException";
      name = "AccessDeniedException";
      $fault = "client";
      Message;
      constructor(opts) {
        super({
          name: "AccessDeniedException",
          $fault: "client",
          ...opts
        });
        Object.setPrototypeOf(this, _AccessDeniedException.prototype);
        this.Message = opts.Message;
      }
    };
    var InvalidArnException = class _InvalidArnException extends ACMServiceException {
      static shapeId = "com.amazonaws.acm#InvalidArnException";
      name = "InvalidArnException";
      $fault = "client";
      constructor(opts) {
        super({
          name: "InvalidArnException",
          $fault: "client",
          ...opts
        });
        Object.setPrototypeOf(this, _InvalidArnException.prototype);
      }
    };
    var InvalidParameterException = class _InvalidParameterException extends ACMServiceException {
      static shapeId = "com.amazonaws.acm#InvalidParameterException";
      name = "InvalidParameterException";
      $fault = "client";
      constructor(opts) {
        super({
          name: "InvalidParameterException",
          $fault: "client",
          ...opts
        });
        Object.setPrototypeOf(this, _InvalidParameterException.prototype);
      }
    };
    var InvalidTagException = class _InvalidTagException extends ACMServiceException {
      static shapeId = "com.amazonaws.acm#InvalidTagException";
      name = "InvalidTagException";
      $fault = "client";
      constructor(opts) {
        super({
          name: "InvalidTagException",
          $fault: "client",
          ...opts
        });
        Object.setPrototypeOf(this, _InvalidTagException.prototype);
      }
    };
    var ResourceNotFoundException = class _ResourceNotFoundException extends ACMServiceException {
      static shapeId = "com.amazonaws.acm#ResourceNotFoundException";
      name = "ResourceNotFoundException";
      $fault = "client";
      constructor(opts) {
        super({
          name: "ResourceNotFoundException",
          $fault: "client",
          ...opts
        });
        Object.setPrototypeOf(this, _ResourceNotFoundException.prototype);
      }
    };
    var TagPolicyException = class _TagPolicyException extends ACMServiceException {
      static shapeId = "com.amazonaws.acm#TagPolicyException";
      name = "TagPolicyException";
      $fault = "client";
      constructor(opts) {
        super({
          name: "TagPolicyException",
          $fault: "client",
          ...opts
        });
        Object.setPrototypeOf(this, _TagPolicyException.prototype);
      }
    };
    var ThrottlingException = class _ThrottlingException extends ACMServiceException {
      static shapeId = "com.amazonaws.acm#ThrottlingException";
      name = "ThrottlingException";
      $fault = "client";
      throttlingReasons;
      constructor(opts) {
        super({
          name: "ThrottlingException",
          $fault: "client",
          ...opts
        });
        Object.setPrototypeOf(this, _ThrottlingException.prototype);
        this.throttlingReasons = opts.throttlingReasons;
      }
    };
    var TooManyTagsException = class _TooManyTagsException extends ACMServiceException {
      static shapeId = "com.amazonaws.acm#TooManyTagsException";
      name = "TooManyTagsException";
      $fault = "client";
      constructor(opts) {
        super({
          name: "TooManyTagsException",
          $fault: "client",
          ...opts
        });
        Object.setPrototypeOf(this, _TooManyTagsException.prototype);
      }
    };
    var ValidationException = class _ValidationException extends ACMServiceException {
      static shapeId = "com.amazonaws.acm#ValidationException";
      name = "ValidationException";
      $fault = "client";
      constructor(opts) {
        super({
          name: "ValidationException",
          $fault: "client",
          ...opts
        });
        Object.setPrototypeOf(this, _ValidationException.prototype);
      }
    };
    var ConflictException = class _ConflictException extends ACMServiceException {
      static shapeId = "com.amazonaws.acm#ConflictException";
      name = "ConflictException";
      $fault = "client";
      constructor(opts) {
        super({
          name: "ConflictException",
          $fault: "client",
          ...opts
        });
        Object.setPrototypeOf(this, _ConflictException.prototype);
      }
    };
    var InternalServerException = class _InternalServerException extends ACMServiceException {
      static shapeId = "com.amazonaws.acm#InternalServerException";
      name = "InternalServerException";
      $fault = "server";
      $retryable = {};
      constructor(opts) {
        super({
          name: "InternalServerException",
          $fault: "server",
          ...opts
        });
        Object.setPrototypeOf(this, _InternalServerException.prototype);
      }
    };
    var ServiceQuotaExceededException = class _ServiceQuotaExceededException extends ACMServiceException {
      static shapeId = "com.amazonaws.acm#ServiceQuotaExceededException";
      name = "ServiceQuotaExceededException";
      $fault = "client";
      constructor(opts) {
        super({
          name: "ServiceQuotaExceededException",
          $fault: "client",
          ...opts
        });
        Object.setPrototypeOf(this, _ServiceQuotaExceededException.prototype);
      }
    };
    var ResourceInUseException = class _ResourceInUseException extends ACMServiceException {
      static shapeId = "com.amazonaws.acm#ResourceInUseException";
      name = "ResourceInUseException";
      $fault = "client";
      constructor(opts) {
        super({
          name: "ResourceInUseException",
          $fault: "client",
          ...opts
        });
        Object.setPrototypeOf(this, _ResourceInUseException.prototype);
      }
    };
    var RequestInProgressException = class _RequestInProgressException extends ACMServiceException {
      static shapeId = "com.amazonaws.acm#RequestInProgressException";
      name = "RequestInProgressException";
      $fault = "client";
      constructor(opts) {
        super({
          name: "RequestInProgressException",
          $fault: "client",
          ...opts
        });
        Object.setPrototypeOf(this, _RequestInProgressException.prototype);
      }
    };
    var LimitExceededException = class _LimitExceededException extends ACMServiceException {
      static shapeId = "com.amazonaws.acm#LimitExceededException";
      name = "LimitExceededException";
      $fault = "client";
      constructor(opts) {
        super({
          name: "LimitExceededException",
          $fault: "client",
          ...opts
        });
        Object.setPrototypeOf(this, _LimitExceededException.prototype);
      }
    };
    var InvalidArgsException = class _InvalidArgsException extends ACMServiceException {
      static shapeId = "com.amazonaws.acm#InvalidArgsException";
      name = "InvalidArgsException";
      $fault = "client";
      constructor(opts) {
        super({
          name: "InvalidArgsException",
          $fault: "client",
          ...opts
        });
        Object.setPrototypeOf(this, _InvalidArgsException.prototype);
      }
    };
    var InvalidDomainValidationOptionsException = class _InvalidDomainValidationOptionsException extends ACMServiceException {
      static shapeId = "com.amazonaws.acm#InvalidDomainValidationOptionsException";
      name = "InvalidDomainValidationOptionsException";
      $fault = "client";
      constructor(opts) {
        super({
          name: "InvalidDomainValidationOptionsException",
          $fault: "client",
          ...opts
        });
        Object.setPrototypeOf(this, _InvalidDomainValidationOptionsException.prototype);
      }
    };
    var InvalidStateException = class _InvalidStateException extends ACMServiceException {
      static shapeId = "com.amazonaws.acm#InvalidStateException";
      name = "InvalidStateException";
      $fault = "client";
      constructor(opts) {
        super({
          name: "InvalidStateException",
          $fault: "client",
          ...opts
        });
        Object.setPrototypeOf(this, _InvalidStateException.prototype);
      }
    };
    var _A = "And";
    var _AA = "AcmeAccount";
    var _AAI = "AcmeAccountId";
    var _AAL = "AcmeAccountList";
    var _AAS = "AcmeAccountSummary";
    var _AAc = "AcmeAccounts";
    var _AB = "AuthorizationBehavior";
    var _ACM = "AcmCertificateMetadata";
    var _ACMF = "AcmCertificateMetadataFilter";
    var _ADE = "AccessDeniedException";
    var _ADV = "AcmeDomainValidation";
    var _ADVA = "AcmeDomainValidationArn";
    var _ADVL = "AcmeDomainValidationList";
    var _ADVS = "AcmeDomainValidationSummary";
    var _ADVc = "AcmeDomainValidations";
    var _AE = "AcmeEndpoint";
    var _AEA = "AcmeEndpointArn";
    var _AEAB = "AcmeExternalAccountBinding";
    var _AEABA = "AcmeExternalAccountBindingArn";
    var _AEABL = "AcmeExternalAccountBindingList";
    var _AEABS = "AcmeExternalAccountBindingSummary";
    var _AEL = "AcmeEndpointList";
    var _AES = "AcmeEndpointSummary";
    var _AEc = "AcmeEndpoints";
    var _AKA = "AllowedKeyAlgorithms";
    var _ATTC = "AddTagsToCertificate";
    var _ATTCR = "AddTagsToCertificateRequest";
    var _AU = "AccountUrl";
    var _AVC = "ActiveValidationConfiguration";
    var _C = "Contacts";
    var _CA = "CreatedAt";
    var _CAA = "CertificateAuthorityArn";
    var _CADV = "CreateAcmeDomainValidation";
    var _CADVR = "CreateAcmeDomainValidationRequest";
    var _CADVRr = "CreateAcmeDomainValidationResponse";
    var _CAE = "CreateAcmeEndpoint";
    var _CAEAB = "CreateAcmeExternalAccountBinding";
    var _CAEABR = "CreateAcmeExternalAccountBindingRequest";
    var _CAEABRr = "CreateAcmeExternalAccountBindingResponse";
    var _CAER = "CreateAcmeEndpointRequest";
    var _CAERr = "CreateAcmeEndpointResponse";
    var _CAL = "CustomAttributeList";
    var _CAe = "CertificateAuthority";
    var _CAer = "CertificateArn";
    var _CAu = "CustomAttribute";
    var _CAus = "CustomAttributes";
    var _CC = "CertificateChain";
    var _CD = "CertificateDetail";
    var _CE = "ConflictException";
    var _CF = "CertificateFilter";
    var _CFS = "CertificateFilterStatement";
    var _CFSL = "CertificateFilterStatementList";
    var _CKPO = "CertificateKeyPairOrigin";
    var _CKPOe = "CertificateKeyPairOrigins";
    var _CL = "ContactList";
    var _CM = "CertificateMetadata";
    var _CN = "CommonName";
    var _CNF = "CommonNameFilter";
    var _CO = "CertificateOptions";
    var _COo = "ComparisonOperator";
    var _CS = "CertificateSummary";
    var _CSL = "CertificateSummaryList";
    var _CSR = "CertificateSearchResult";
    var _CSRL = "CertificateSearchResultList";
    var _CSe = "CertificateStatuses";
    var _CT = "CertificateTags";
    var _CTLP = "CertificateTransparencyLoggingPreference";
    var _Ce = "Certificate";
    var _Co = "Contact";
    var _Cou = "Country";
    var _D = "Domain";
    var _DAA = "DescribeAcmeAccount";
    var _DAAR = "DescribeAcmeAccountRequest";
    var _DAARe = "DescribeAcmeAccountResponse";
    var _DADV = "DeleteAcmeDomainValidation";
    var _DADVR = "DeleteAcmeDomainValidationRequest";
    var _DADVRe = "DescribeAcmeDomainValidationRequest";
    var _DADVRes = "DescribeAcmeDomainValidationResponse";
    var _DADVe = "DescribeAcmeDomainValidation";
    var _DAE = "DeleteAcmeEndpoint";
    var _DAEAB = "DeleteAcmeExternalAccountBinding";
    var _DAEABR = "DeleteAcmeExternalAccountBindingRequest";
    var _DAEABRe = "DescribeAcmeExternalAccountBindingRequest";
    var _DAEABRes = "DescribeAcmeExternalAccountBindingResponse";
    var _DAEABe = "DescribeAcmeExternalAccountBinding";
    var _DAER = "DeleteAcmeEndpointRequest";
    var _DAERe = "DescribeAcmeEndpointRequest";
    var _DAERes = "DescribeAcmeEndpointResponse";
    var _DAEe = "DescribeAcmeEndpoint";
    var _DBE = "DaysBeforeExpiry";
    var _DC = "DomainComponents";
    var _DCR = "DeleteCertificateRequest";
    var _DCRe = "DescribeCertificateRequest";
    var _DCRes = "DescribeCertificateResponse";
    var _DCe = "DeleteCertificate";
    var _DCes = "DescribeCertificate";
    var _DN = "DomainName";
    var _DNF = "DnsNameFilter";
    var _DNQ = "DistinguishedNameQualifier";
    var _DNi = "DistinguishedName";
    var _DNir = "DirectoryName";
    var _DNn = "DnsName";
    var _DP = "DnsPrevalidation";
    var _DPD = "DnsPrevalidationDetails";
    var _DPO = "DnsPrevalidationOptions";
    var _DS = "DomainScope";
    var _DV = "DomainValidation";
    var _DVC = "DnsValidationChallenge";
    var _DVL = "DomainValidationList";
    var _DVMUS = "DomainValidationMethodUpdateSummary";
    var _DVO = "DomainValidationOptions";
    var _DVOL = "DomainValidationOptionList";
    var _DVOo = "DomainValidationOption";
    var _DVS = "DomainValidationSummary";
    var _DVSL = "DomainValidationSummaryList";
    var _E = "Exported";
    var _EA = "ExpiresAt";
    var _EAB = "ExternalAccountBinding";
    var _EABx = "ExternalAccountBindings";
    var _EC = "ExportCertificate";
    var _ECR = "ExportCertificateRequest";
    var _ECRx = "ExportCertificateResponse";
    var _ED = "ExactDomain";
    var _EE = "ExpiryEvents";
    var _EEC = "ExpiryEventsConfiguration";
    var _EKU = "ExtendedKeyUsages";
    var _EKUL = "ExtendedKeyUsageList";
    var _EKUx = "ExtendedKeyUsage";
    var _EO = "ExportOption";
    var _EU = "EndpointUrl";
    var _EVC = "EmailValidationChallenge";
    var _En = "End";
    var _Ex = "Export";
    var _Exp = "Expiration";
    var _F = "From";
    var _FD = "FailureDetails";
    var _FR = "FailureReason";
    var _FS = "FilterStatement";
    var _Fi = "Filters";
    var _Fil = "Filter";
    var _GAC = "GetAccountConfiguration";
    var _GACR = "GetAccountConfigurationResponse";
    var _GAEABC = "GetAcmeExternalAccountBindingCredentials";
    var _GAEABCR = "GetAcmeExternalAccountBindingCredentialsRequest";
    var _GAEABCRe = "GetAcmeExternalAccountBindingCredentialsResponse";
    var _GC = "GetCertificate";
    var _GCR = "GetCertificateRequest";
    var _GCRe = "GetCertificateResponse";
    var _GN = "GivenName";
    var _GNL = "GeneralNameList";
    var _GNe = "GeneralName";
    var _GQ = "GenerationQualifier";
    var _HASAN = "HasAdditionalSubjectAlternativeNames";
    var _HR = "HttpRedirect";
    var _HZI = "HostedZoneId";
    var _I = "Issuer";
    var _IA = "ImportedAt";
    var _IAE = "InvalidArgsException";
    var _IAEn = "InvalidArnException";
    var _IAp = "IpAddress";
    var _IAs = "IssuedAt";
    var _IC = "ImportCertificate";
    var _ICR = "ImportCertificateRequest";
    var _ICRm = "ImportCertificateResponse";
    var _IDVOE = "InvalidDomainValidationOptionsException";
    var _IPE = "InvalidParameterException";
    var _ISE = "InternalServerException";
    var _ISEn = "InvalidStateException";
    var _IT = "IdempotencyToken";
    var _ITE = "InvalidTagException";
    var _IU = "InUse";
    var _IUB = "InUseBy";
    var _In = "Initials";
    var _Inc = "Includes";
    var _K = "Key";
    var _KA = "KeyAlgorithm";
    var _KI = "KeyId";
    var _KU = "KeyUsages";
    var _KUL = "KeyUsageList";
    var _KUe = "KeyUsage";
    var _L = "Locality";
    var _LAA = "ListAcmeAccounts";
    var _LAAR = "ListAcmeAccountsRequest";
    var _LAARi = "ListAcmeAccountsResponse";
    var _LADV = "ListAcmeDomainValidations";
    var _LADVR = "ListAcmeDomainValidationsRequest";
    var _LADVRi = "ListAcmeDomainValidationsResponse";
    var _LAE = "ListAcmeEndpoints";
    var _LAEAB = "ListAcmeExternalAccountBindings";
    var _LAEABR = "ListAcmeExternalAccountBindingsRequest";
    var _LAEABRi = "ListAcmeExternalAccountBindingsResponse";
    var _LAER = "ListAcmeEndpointsRequest";
    var _LAERi = "ListAcmeEndpointsResponse";
    var _LC = "ListCertificates";
    var _LCDV = "ListCertificateDomainValidations";
    var _LCDVR = "ListCertificateDomainValidationsRequest";
    var _LCDVRi = "ListCertificateDomainValidationsResponse";
    var _LCR = "ListCertificatesRequest";
    var _LCRi = "ListCertificatesResponse";
    var _LEE = "LimitExceededException";
    var _LTFC = "ListTagsForCertificate";
    var _LTFCR = "ListTagsForCertificateRequest";
    var _LTFCRi = "ListTagsForCertificateResponse";
    var _LTFR = "ListTagsForResource";
    var _LTFRR = "ListTagsForResourceRequest";
    var _LTFRRi = "ListTagsForResourceResponse";
    var _LUA = "LastUsedAt";
    var _M = "Message";
    var _MB = "ManagedBy";
    var _MI = "MaxItems";
    var _MK = "MacKey";
    var _MR = "MaxResults";
    var _N = "Name";
    var _NA = "NotAfter";
    var _NB = "NotBefore";
    var _NT = "NextToken";
    var _No = "Not";
    var _O = "Options";
    var _OI = "ObjectIdentifier";
    var _OID = "OID";
    var _ON = "OtherName";
    var _OU = "OrganizationalUnit";
    var _Or = "Organization";
    var _Or_ = "Or";
    var _P = "Pseudonym";
    var _PAC = "PutAccountConfiguration";
    var _PACR = "PutAccountConfigurationRequest";
    var _PB = "PassphraseBlob";
    var _PCA = "PublicCertificateAuthority";
    var _PD = "PrevalidationDetails";
    var _PK = "PrivateKey";
    var _PKB = "PrivateKeyBlob";
    var _PKT = "PublicKeyThumbprint";
    var _PO = "PrevalidationOptions";
    var _PT = "PrevalidationType";
    var _Pa = "Passphrase";
    var _R = "Reason";
    var _RA = "RevokedAt";
    var _RAA = "RevokeAcmeAccount";
    var _RAAR = "RevokeAcmeAccountRequest";
    var _RAEAB = "RevokeAcmeExternalAccountBinding";
    var _RAEABR = "RevokeAcmeExternalAccountBindingRequest";
    var _RAe = "ResourceArn";
    var _RAeq = "RequestedAt";
    var _RAo = "RoleArn";
    var _RC = "RenewCertificate";
    var _RCR = "RenewCertificateRequest";
    var _RCRe = "RequestCertificateRequest";
    var _RCReq = "RequestCertificateResponse";
    var _RCRev = "RevokeCertificateRequest";
    var _RCRevo = "RevokeCertificateResponse";
    var _RCe = "RequestCertificate";
    var _RCev = "RevokeCertificate";
    var _RE = "RenewalEligibility";
    var _RF = "RedirectFrom";
    var _RI = "RegisteredId";
    var _RIPE = "RequestInProgressException";
    var _RIUE = "ResourceInUseException";
    var _RN = "Rfc822Name";
    var _RNFE = "ResourceNotFoundException";
    var _RR = "RevocationReason";
    var _RRe = "ResourceRecord";
    var _RS = "RenewalStatus";
    var _RSR = "RenewalStatusReason";
    var _RSe = "RenewalSummary";
    var _RT = "RedirectTo";
    var _RTFC = "RemoveTagsFromCertificate";
    var _RTFCR = "RemoveTagsFromCertificateRequest";
    var _RVC = "RequestedValidationConfiguration";
    var _RVE = "ResendValidationEmail";
    var _RVER = "ResendValidationEmailRequest";
    var _Re = "Results";
    var _S = "Status";
    var _SA = "SignatureAlgorithm";
    var _SAN = "SubjectAlternativeNames";
    var _SANF = "SubjectAlternativeNameFilter";
    var _SANS = "SubjectAlternativeNameSummaries";
    var _SANu = "SubjectAlternativeName";
    var _SB = "SortBy";
    var _SC = "SearchCertificates";
    var _SCR = "SearchCertificatesRequest";
    var _SCRe = "SearchCertificatesResponse";
    var _SF = "SubjectFilter";
    var _SN = "SerialNumber";
    var _SO = "SortOrder";
    var _SQEE = "ServiceQuotaExceededException";
    var _Se = "Serial";
    var _St = "State";
    var _Sta = "Start";
    var _Su = "Subject";
    var _Sub = "Subdomains";
    var _Sur = "Surname";
    var _T = "Type";
    var _TE = "ThrottlingException";
    var _TK = "TagKeys";
    var _TL = "TagList";
    var _TMTE = "TooManyTagsException";
    var _TPE = "TagPolicyException";
    var _TR = "ThrottlingReason";
    var _TRL = "ThrottlingReasonList";
    var _TRR = "TagResourceRequest";
    var _TRa = "TagResource";
    var _TRi = "TimestampRange";
    var _Ta = "Tags";
    var _Tag = "Tag";
    var _Ti = "Title";
    var _To = "To";
    var _UA = "UpdatedAt";
    var _UADV = "UpdateAcmeDomainValidation";
    var _UADVR = "UpdateAcmeDomainValidationRequest";
    var _UAE = "UpdateAcmeEndpoint";
    var _UAER = "UpdateAcmeEndpointRequest";
    var _UCO = "UpdateCertificateOptions";
    var _UCOR = "UpdateCertificateOptionsRequest";
    var _UR = "UntagResource";
    var _URI = "UniformResourceIdentifier";
    var _URR = "UntagResourceRequest";
    var _US = "UpdateSummary";
    var _V = "Value";
    var _VC = "ValidationConfiguration";
    var _VCa = "ValidationChallenge";
    var _VD = "ValidationDomain";
    var _VE = "ValidationException";
    var _VEa = "ValidationEmails";
    var _VM = "ValidationMethod";
    var _VS = "ValidationStatus";
    var _W = "Wildcards";
    var _XA = "X509Attributes";
    var _XAF = "X509AttributeFilter";
    var _aQE = "awsQueryError";
    var _c = "client";
    var _e = "error";
    var _eKU = "extendedKeyUsage";
    var _eO = "exportOption";
    var _hE = "httpError";
    var _kT = "keyTypes";
    var _kU = "keyUsage";
    var _m = "message";
    var _mB = "managedBy";
    var _r = "reason";
    var _re = "resource";
    var _s = "smithy.ts.sdk.synthetic.com.amazonaws.acm";
    var _se = "server";
    var _tR = "throttlingReasons";
    var n0 = "com.amazonaws.acm";
    var _s_registry = new TypeRegistry(_s);
    var ACMServiceException$ = [-3, _s, "ACMServiceException", 0, [], []];
    _s_registry.registerError(ACMServiceException$, ACMServiceException);
    var n0_registry = new TypeRegistry(n0);
    var AccessDeniedException$ = [
      -3,
      n0,
      _ADE,
      { [_aQE]: [`AccessDenied`, 403], [_e]: _c, [_hE]: 403 },
      [_M],
      [0]
    ];
    n0_registry.registerError(AccessDeniedException$, AccessDeniedException);
    var ConflictException$ = [
      -3,
      n0,
      _CE,
      { [_e]: _c },
      [_m],
      [0]
    ];
    n0_registry.registerError(ConflictException$, ConflictException);
    var InternalServerException$ = [
      -3,
      n0,
      _ISE,
      { [_e]: _se },
      [_m],
      [0]
    ];
    n0_registry.registerError(InternalServerException$, InternalServerException);
    var InvalidArgsException$ = [
      -3,
      n0,
      _IAE,
      { [_e]: _c },
      [_m],
      [0]
    ];
    n0_registry.registerError(InvalidArgsException$, InvalidArgsException);
    var InvalidArnException$ = [
      -3,
      n0,
      _IAEn,
      { [_e]: _c },
      [_m],
      [0]
    ];
    n0_registry.registerError(InvalidArnException$, InvalidArnException);
    var InvalidDomainValidationOptionsException$ = [
      -3,
      n0,
      _IDVOE,
      { [_e]: _c },
      [_m],
      [0]
    ];
    n0_registry.registerError(InvalidDomainValidationOptionsException$, InvalidDomainValidationOptionsException);
    var InvalidParameterException$ = [
      -3,
      n0,
      _IPE,
      { [_e]: _c },
      [_m],
      [0]
    ];
    n0_registry.registerError(InvalidParameterException$, InvalidParameterException);
    var InvalidStateException$ = [
      -3,
      n0,
      _ISEn,
      { [_e]: _c },
      [_m],
      [0]
    ];
    n0_registry.registerError(InvalidStateException$, InvalidStateException);
    var InvalidTagException$ = [
      -3,
      n0,
      _ITE,
      { [_e]: _c },
      [_m],
      [0]
    ];
    n0_registry.registerError(InvalidTagException$, InvalidTagException);
    var LimitExceededException$ = [
      -3,
      n0,
      _LEE,
      { [_e]: _c },
      [_m],
      [0]
    ];
    n0_registry.registerError(LimitExceededException$, LimitExceededException);
    var RequestInProgressException$ = [
      -3,
      n0,
      _RIPE,
      { [_e]: _c },
      [_m],
      [0]
    ];
    n0_registry.registerError(RequestInProgressException$, RequestInProgressException);
    var ResourceInUseException$ = [
      -3,
      n0,
      _RIUE,
      { [_e]: _c },
      [_m],
      [0]
    ];
    n0_registry.registerError(ResourceInUseException$, ResourceInUseException);
    var ResourceNotFoundException$ = [
      -3,
      n0,
      _RNFE,
      { [_e]: _c },
      [_m],
      [0]
    ];
    n0_registry.registerError(ResourceNotFoundException$, ResourceNotFoundException);
    var ServiceQuotaExceededException$ = [
      -3,
      n0,
      _SQEE,
      { [_e]: _c },
      [_m],
      [0]
    ];
    n0_registry.registerError(ServiceQuotaExceededException$, ServiceQuotaExceededException);
    var TagPolicyException$ = [
      -3,
      n0,
      _TPE,
      { [_e]: _c },
      [_m],
      [0]
    ];
    n0_registry.registerError(TagPolicyException$, TagPolicyException);
    var ThrottlingException$ = [
      -3,
      n0,
      _TE,
      { [_aQE]: [`Throttling`, 400], [_e]: _c, [_hE]: 400 },
      [_m, _tR],
      [0, () => ThrottlingReasonList]
    ];
    n0_registry.registerError(ThrottlingException$, ThrottlingException);
    var TooManyTagsException$ = [
      -3,
      n0,
      _TMTE,
      { [_e]: _c },
      [_m],
      [0]
    ];
    n0_registry.registerError(TooManyTagsException$, TooManyTagsException);
    var ValidationException$ = [
      -3,
      n0,
      _VE,
      { [_aQE]: [`ValidationError`, 400], [_e]: _c, [_hE]: 400 },
      [_m],
      [0]
    ];
    n0_registry.registerError(ValidationException$, ValidationException);
    var errorTypeRegistries = [
      _s_registry,
      n0_registry
    ];
    var MacKey = [0, n0, _MK, 8, 0];
    var PassphraseBlob = [0, n0, _PB, 8, 21];
    var PrivateKey = [0, n0, _PK, 8, 0];
    var PrivateKeyBlob = [0, n0, _PKB, 8, 21];
    var AcmCertificateMetadata$ = [
      3,
      n0,
      _ACM,
      0,
      [_CA, _E, _IA, _IU, _IAs, _RE, _RA, _S, _RS, _T, _EO, _MB, _VM, _CKPO, _AEA, _AAI],
      [4, 2, 4, 2, 4, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    ];
    var AcmeAccount$ = [
      3,
      n0,
      _AA,
      0,
      [_AU, _PKT, _S, _CA, _AEABA, _C],
      [0, 0, 0, 4, 0, [() => ContactList, 0]]
    ];
    var AcmeAccountSummary$ = [
      3,
      n0,
      _AAS,
      0,
      [_AU, _PKT, _S, _CA, _AEABA, _C],
      [0, 0, 0, 4, 0, [() => ContactList, 0]]
    ];
    var AcmeDomainValidation$ = [
      3,
      n0,
      _ADV,
      0,
      [_ADVA, _AEA, _DN, _PT, _PD, _S, _FD, _CA, _UA],
      [0, 0, 0, 0, () => PrevalidationDetails$, 0, () => FailureDetails$, 4, 4]
    ];
    var AcmeDomainValidationSummary$ = [
      3,
      n0,
      _ADVS,
      0,
      [_ADVA, _AEA, _DN, _PT, _PD, _S, _FD, _CA, _UA],
      [0, 0, 0, 0, () => PrevalidationDetails$, 0, () => FailureDetails$, 4, 4]
    ];
    var AcmeEndpoint$ = [
      3,
      n0,
      _AE,
      0,
      [_AEA, _EU, _S, _FR, _AB, _Co, _CAe, _CT, _CA, _UA],
      [0, 0, 0, 0, 0, 0, () => CertificateAuthority$, () => TagList, 4, 4]
    ];
    var AcmeEndpointSummary$ = [
      3,
      n0,
      _AES,
      0,
      [_AEA, _EU, _S, _FR, _AB, _Co, _CAe, _CT, _CA, _UA],
      [0, 0, 0, 0, 0, 0, () => CertificateAuthority$, () => TagList, 4, 4]
    ];
    var AcmeExternalAccountBinding$ = [
      3,
      n0,
      _AEAB,
      0,
      [_AEABA, _AEA, _RAo, _EA, _RA, _LUA, _CA, _UA],
      [0, 0, 0, 4, 4, 4, 4, 4]
    ];
    var AcmeExternalAccountBindingSummary$ = [
      3,
      n0,
      _AEABS,
      0,
      [_AEABA, _AEA, _RAo, _EA, _RA, _LUA, _CA, _UA],
      [0, 0, 0, 4, 4, 4, 4, 4]
    ];
    var AddTagsToCertificateRequest$ = [
      3,
      n0,
      _ATTCR,
      0,
      [_CAer, _Ta],
      [0, () => TagList],
      2
    ];
    var CertificateDetail$ = [
      3,
      n0,
      _CD,
      0,
      [_CAer, _DN, _SAN, _MB, _DVO, _Se, _Su, _I, _CA, _IAs, _IA, _S, _RA, _RR, _NB, _NA, _KA, _SA, _IUB, _FR, _T, _RSe, _KU, _EKU, _CAA, _RE, _O, _US, _CKPO, _AEA, _AAI],
      [0, 0, 64 | 0, 0, () => DomainValidationList, 0, 0, 0, 4, 4, 4, 0, 4, 0, 4, 4, 0, 0, 64 | 0, 0, 0, () => RenewalSummary$, () => KeyUsageList, () => ExtendedKeyUsageList, 0, 0, () => CertificateOptions$, () => UpdateSummary$, 0, 0, 0]
    ];
    var CertificateOptions$ = [
      3,
      n0,
      _CO,
      0,
      [_CTLP, _Ex, _VM],
      [0, 0, 0]
    ];
    var CertificateSearchResult$ = [
      3,
      n0,
      _CSR,
      0,
      [_CAer, _XA, _CM],
      [0, () => X509Attributes$, () => CertificateMetadata$]
    ];
    var CertificateSummary$ = [
      3,
      n0,
      _CS,
      0,
      [_CAer, _DN, _SANS, _HASAN, _S, _T, _KA, _KU, _EKU, _EO, _IU, _E, _RE, _NB, _NA, _CA, _IAs, _IA, _RA, _MB, _CKPO],
      [0, 0, 64 | 0, 2, 0, 0, 0, 64 | 0, 64 | 0, 0, 2, 2, 0, 4, 4, 4, 4, 4, 4, 0, 0]
    ];
    var CommonNameFilter$ = [
      3,
      n0,
      _CNF,
      0,
      [_V, _COo],
      [0, 0],
      2
    ];
    var CreateAcmeDomainValidationRequest$ = [
      3,
      n0,
      _CADVR,
      0,
      [_AEA, _DN, _PO, _IT, _Ta],
      [0, 0, () => PrevalidationOptions$, [0, 4], () => TagList],
      3
    ];
    var CreateAcmeDomainValidationResponse$ = [
      3,
      n0,
      _CADVRr,
      0,
      [_ADVA],
      [0],
      1
    ];
    var CreateAcmeEndpointRequest$ = [
      3,
      n0,
      _CAER,
      0,
      [_AB, _CAe, _IT, _Co, _Ta, _CT],
      [0, () => CertificateAuthority$, [0, 4], 0, () => TagList, () => TagList],
      2
    ];
    var CreateAcmeEndpointResponse$ = [
      3,
      n0,
      _CAERr,
      0,
      [_AEA],
      [0]
    ];
    var CreateAcmeExternalAccountBindingRequest$ = [
      3,
      n0,
      _CAEABR,
      0,
      [_AEA, _RAo, _IT, _Exp, _Ta],
      [0, 0, [0, 4], () => Expiration$, () => TagList],
      2
    ];
    var CreateAcmeExternalAccountBindingResponse$ = [
      3,
      n0,
      _CAEABRr,
      0,
      [_EAB],
      [() => AcmeExternalAccountBinding$]
    ];
    var CustomAttribute$ = [
      3,
      n0,
      _CAu,
      0,
      [_OI, _V],
      [0, 0]
    ];
    var DeleteAcmeDomainValidationRequest$ = [
      3,
      n0,
      _DADVR,
      0,
      [_ADVA],
      [0],
      1
    ];
    var DeleteAcmeEndpointRequest$ = [
      3,
      n0,
      _DAER,
      0,
      [_AEA],
      [0],
      1
    ];
    var DeleteAcmeExternalAccountBindingRequest$ = [
      3,
      n0,
      _DAEABR,
      0,
      [_AEABA],
      [0],
      1
    ];
    var DeleteCertificateRequest$ = [
      3,
      n0,
      _DCR,
      0,
      [_CAer],
      [0],
      1
    ];
    var DescribeAcmeAccountRequest$ = [
      3,
      n0,
      _DAAR,
      0,
      [_AEA, _AU],
      [0, 0],
      2
    ];
    var DescribeAcmeAccountResponse$ = [
      3,
      n0,
      _DAARe,
      0,
      [_AA],
      [[() => AcmeAccount$, 0]]
    ];
    var DescribeAcmeDomainValidationRequest$ = [
      3,
      n0,
      _DADVRe,
      0,
      [_ADVA],
      [0],
      1
    ];
    var DescribeAcmeDomainValidationResponse$ = [
      3,
      n0,
      _DADVRes,
      0,
      [_ADV],
      [() => AcmeDomainValidation$]
    ];
    var DescribeAcmeEndpointRequest$ = [
      3,
      n0,
      _DAERe,
      0,
      [_AEA],
      [0],
      1
    ];
    var DescribeAcmeEndpointResponse$ = [
      3,
      n0,
      _DAERes,
      0,
      [_AE],
      [() => AcmeEndpoint$]
    ];
    var DescribeAcmeExternalAccountBindingRequest$ = [
      3,
      n0,
      _DAEABRe,
      0,
      [_AEABA],
      [0],
      1
    ];
    var DescribeAcmeExternalAccountBindingResponse$ = [
      3,
      n0,
      _DAEABRes,
      0,
      [_EAB],
      [() => AcmeExternalAccountBinding$]
    ];
    var DescribeCertificateRequest$ = [
      3,
      n0,
      _DCRe,
      0,
      [_CAer],
      [0],
      1
    ];
    var DescribeCertificateResponse$ = [
      3,
      n0,
      _DCRes,
      0,
      [_Ce],
      [() => CertificateDetail$]
    ];
    var DistinguishedName$ = [
      3,
      n0,
      _DNi,
      0,
      [_CN, _DC, _Cou, _CAus, _DNQ, _GQ, _GN, _In, _L, _Or, _OU, _P, _SN, _St, _Sur, _Ti],
      [0, 64 | 0, 0, () => CustomAttributeList, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    ];
    var DnsNameFilter$ = [
      3,
      n0,
      _DNF,
      0,
      [_V, _COo],
      [0, 0],
      2
    ];
    var DnsPrevalidationDetails$ = [
      3,
      n0,
      _DPD,
      0,
      [_DS, _HZI, _RRe],
      [() => DomainScope$, 0, () => ResourceRecord$]
    ];
    var DnsPrevalidationOptions$ = [
      3,
      n0,
      _DPO,
      0,
      [_DS, _HZI],
      [() => DomainScope$, 0]
    ];
    var DnsValidationChallenge$ = [
      3,
      n0,
      _DVC,
      0,
      [_RRe],
      [() => ResourceRecord$]
    ];
    var DomainScope$ = [
      3,
      n0,
      _DS,
      0,
      [_ED, _Sub, _W],
      [0, 0, 0]
    ];
    var DomainValidation$ = [
      3,
      n0,
      _DV,
      0,
      [_DN, _VEa, _VD, _VS, _RRe, _HR, _VM],
      [0, 64 | 0, 0, 0, () => ResourceRecord$, () => HttpRedirect$, 0],
      1
    ];
    var DomainValidationMethodUpdateSummary$ = [
      3,
      n0,
      _DVMUS,
      0,
      [_F, _To],
      [0, 0]
    ];
    var DomainValidationOption$ = [
      3,
      n0,
      _DVOo,
      0,
      [_DN, _VD],
      [0, 0],
      2
    ];
    var DomainValidationSummary$ = [
      3,
      n0,
      _DVS,
      0,
      [_DN, _AVC, _RVC],
      [0, () => ValidationConfiguration$, () => ValidationConfiguration$],
      1
    ];
    var EmailValidationChallenge$ = [
      3,
      n0,
      _EVC,
      0,
      [_VEa, _VD],
      [64 | 0, 0]
    ];
    var Expiration$ = [
      3,
      n0,
      _Exp,
      0,
      [_V, _T],
      [1, 0],
      2
    ];
    var ExpiryEventsConfiguration$ = [
      3,
      n0,
      _EEC,
      0,
      [_DBE],
      [1]
    ];
    var ExportCertificateRequest$ = [
      3,
      n0,
      _ECR,
      0,
      [_CAer, _Pa],
      [0, [() => PassphraseBlob, 0]],
      2
    ];
    var ExportCertificateResponse$ = [
      3,
      n0,
      _ECRx,
      0,
      [_Ce, _CC, _PK],
      [0, 0, [() => PrivateKey, 0]]
    ];
    var ExtendedKeyUsage$ = [
      3,
      n0,
      _EKUx,
      0,
      [_N, _OID],
      [0, 0]
    ];
    var FailureDetails$ = [
      3,
      n0,
      _FD,
      0,
      [_R, _M],
      [0, 0]
    ];
    var Filters$ = [
      3,
      n0,
      _Fi,
      0,
      [_eKU, _kU, _kT, _eO, _mB],
      [64 | 0, 64 | 0, 64 | 0, 0, 0]
    ];
    var GetAccountConfigurationResponse$ = [
      3,
      n0,
      _GACR,
      0,
      [_EE],
      [() => ExpiryEventsConfiguration$]
    ];
    var GetAcmeExternalAccountBindingCredentialsRequest$ = [
      3,
      n0,
      _GAEABCR,
      0,
      [_AEABA],
      [0],
      1
    ];
    var GetAcmeExternalAccountBindingCredentialsResponse$ = [
      3,
      n0,
      _GAEABCRe,
      0,
      [_KI, _MK],
      [0, [() => MacKey, 0]]
    ];
    var GetCertificateRequest$ = [
      3,
      n0,
      _GCR,
      0,
      [_CAer],
      [0],
      1
    ];
    var GetCertificateResponse$ = [
      3,
      n0,
      _GCRe,
      0,
      [_Ce, _CC],
      [0, 0]
    ];
    var HttpRedirect$ = [
      3,
      n0,
      _HR,
      0,
      [_RF, _RT],
      [0, 0]
    ];
    var ImportCertificateRequest$ = [
      3,
      n0,
      _ICR,
      0,
      [_Ce, _PK, _CAer, _CC, _Ta],
      [21, [() => PrivateKeyBlob, 0], 0, 21, () => TagList],
      2
    ];
    var ImportCertificateResponse$ = [
      3,
      n0,
      _ICRm,
      0,
      [_CAer],
      [0]
    ];
    var KeyUsage$ = [
      3,
      n0,
      _KUe,
      0,
      [_N],
      [0]
    ];
    var ListAcmeAccountsRequest$ = [
      3,
      n0,
      _LAAR,
      0,
      [_AEA, _NT, _MR],
      [0, 0, 1],
      1
    ];
    var ListAcmeAccountsResponse$ = [
      3,
      n0,
      _LAARi,
      0,
      [_AAc, _NT],
      [[() => AcmeAccountList, 0], 0]
    ];
    var ListAcmeDomainValidationsRequest$ = [
      3,
      n0,
      _LADVR,
      0,
      [_AEA, _NT, _MR],
      [0, 0, 1],
      1
    ];
    var ListAcmeDomainValidationsResponse$ = [
      3,
      n0,
      _LADVRi,
      0,
      [_ADVc, _NT],
      [() => AcmeDomainValidationList, 0]
    ];
    var ListAcmeEndpointsRequest$ = [
      3,
      n0,
      _LAER,
      0,
      [_NT, _MR],
      [0, 1]
    ];
    var ListAcmeEndpointsResponse$ = [
      3,
      n0,
      _LAERi,
      0,
      [_AEc, _NT],
      [() => AcmeEndpointList, 0]
    ];
    var ListAcmeExternalAccountBindingsRequest$ = [
      3,
      n0,
      _LAEABR,
      0,
      [_AEA, _NT, _MR],
      [0, 0, 1],
      1
    ];
    var ListAcmeExternalAccountBindingsResponse$ = [
      3,
      n0,
      _LAEABRi,
      0,
      [_EABx, _NT],
      [() => AcmeExternalAccountBindingList, 0]
    ];
    var ListCertificateDomainValidationsRequest$ = [
      3,
      n0,
      _LCDVR,
      0,
      [_CAer, _NT, _MI],
      [0, 0, 1],
      1
    ];
    var ListCertificateDomainValidationsResponse$ = [
      3,
      n0,
      _LCDVRi,
      0,
      [_DVSL, _NT],
      [() => DomainValidationSummaryList, 0]
    ];
    var ListCertificatesRequest$ = [
      3,
      n0,
      _LCR,
      0,
      [_CSe, _CKPOe, _Inc, _NT, _MI, _SB, _SO],
      [64 | 0, 64 | 0, () => Filters$, 0, 1, 0, 0]
    ];
    var ListCertificatesResponse$ = [
      3,
      n0,
      _LCRi,
      0,
      [_NT, _CSL],
      [0, () => CertificateSummaryList]
    ];
    var ListTagsForCertificateRequest$ = [
      3,
      n0,
      _LTFCR,
      0,
      [_CAer],
      [0],
      1
    ];
    var ListTagsForCertificateResponse$ = [
      3,
      n0,
      _LTFCRi,
      0,
      [_Ta],
      [() => TagList]
    ];
    var ListTagsForResourceRequest$ = [
      3,
      n0,
      _LTFRR,
      0,
      [_RAe],
      [0],
      1
    ];
    var ListTagsForResourceResponse$ = [
      3,
      n0,
      _LTFRRi,
      0,
      [_Ta],
      [() => TagList]
    ];
    var OtherName$ = [
      3,
      n0,
      _ON,
      0,
      [_OI, _V],
      [0, 0]
    ];
    var PublicCertificateAuthority$ = [
      3,
      n0,
      _PCA,
      0,
      [_AKA],
      [64 | 0]
    ];
    var PutAccountConfigurationRequest$ = [
      3,
      n0,
      _PACR,
      0,
      [_IT, _EE],
      [0, () => ExpiryEventsConfiguration$],
      1
    ];
    var RemoveTagsFromCertificateRequest$ = [
      3,
      n0,
      _RTFCR,
      0,
      [_CAer, _Ta],
      [0, () => TagList],
      2
    ];
    var RenewalSummary$ = [
      3,
      n0,
      _RSe,
      0,
      [_RS, _DVO, _UA, _RSR],
      [0, () => DomainValidationList, 4, 0],
      3
    ];
    var RenewCertificateRequest$ = [
      3,
      n0,
      _RCR,
      0,
      [_CAer],
      [0],
      1
    ];
    var RequestCertificateRequest$ = [
      3,
      n0,
      _RCRe,
      0,
      [_DN, _VM, _SAN, _IT, _DVO, _O, _CAA, _Ta, _KA, _MB],
      [0, 0, 64 | 0, 0, () => DomainValidationOptionList, () => CertificateOptions$, 0, () => TagList, 0, 0],
      1
    ];
    var RequestCertificateResponse$ = [
      3,
      n0,
      _RCReq,
      0,
      [_CAer],
      [0]
    ];
    var ResendValidationEmailRequest$ = [
      3,
      n0,
      _RVER,
      0,
      [_CAer, _D, _VD],
      [0, 0, 0],
      3
    ];
    var ResourceRecord$ = [
      3,
      n0,
      _RRe,
      0,
      [_N, _T, _V],
      [0, 0, 0],
      3
    ];
    var RevokeAcmeAccountRequest$ = [
      3,
      n0,
      _RAAR,
      0,
      [_AEA, _AU],
      [0, 0],
      2
    ];
    var RevokeAcmeExternalAccountBindingRequest$ = [
      3,
      n0,
      _RAEABR,
      0,
      [_AEABA],
      [0],
      1
    ];
    var RevokeCertificateRequest$ = [
      3,
      n0,
      _RCRev,
      0,
      [_CAer, _RR],
      [0, 0],
      2
    ];
    var RevokeCertificateResponse$ = [
      3,
      n0,
      _RCRevo,
      0,
      [_CAer],
      [0]
    ];
    var SearchCertificatesRequest$ = [
      3,
      n0,
      _SCR,
      0,
      [_FS, _MR, _NT, _SB, _SO],
      [() => CertificateFilterStatement$, 1, 0, 0, 0]
    ];
    var SearchCertificatesResponse$ = [
      3,
      n0,
      _SCRe,
      0,
      [_Re, _NT],
      [() => CertificateSearchResultList, 0]
    ];
    var Tag$ = [
      3,
      n0,
      _Tag,
      0,
      [_K, _V],
      [0, 0],
      1
    ];
    var TagResourceRequest$ = [
      3,
      n0,
      _TRR,
      0,
      [_RAe, _Ta],
      [0, () => TagList],
      2
    ];
    var ThrottlingReason$ = [
      3,
      n0,
      _TR,
      0,
      [_r, _re],
      [0, 0]
    ];
    var TimestampRange$ = [
      3,
      n0,
      _TRi,
      0,
      [_Sta, _En],
      [4, 4]
    ];
    var UntagResourceRequest$ = [
      3,
      n0,
      _URR,
      0,
      [_RAe, _TK],
      [0, 64 | 0],
      2
    ];
    var UpdateAcmeDomainValidationRequest$ = [
      3,
      n0,
      _UADVR,
      0,
      [_ADVA, _PO],
      [0, () => PrevalidationOptions$],
      1
    ];
    var UpdateAcmeEndpointRequest$ = [
      3,
      n0,
      _UAER,
      0,
      [_AEA, _AB, _Co, _CAe],
      [0, 0, 0, () => CertificateAuthority$],
      1
    ];
    var UpdateCertificateOptionsRequest$ = [
      3,
      n0,
      _UCOR,
      0,
      [_CAer, _O],
      [0, () => CertificateOptions$],
      2
    ];
    var UpdateSummary$ = [
      3,
      n0,
      _US,
      0,
      [_S, _T, _DVMUS, _RAeq, _UA],
      [0, 0, () => DomainValidationMethodUpdateSummary$, 4, 4]
    ];
    var ValidationConfiguration$ = [
      3,
      n0,
      _VC,
      0,
      [_VM, _VCa, _VS],
      [0, () => ValidationChallenge$, 0]
    ];
    var X509Attributes$ = [
      3,
      n0,
      _XA,
      0,
      [_I, _Su, _SAN, _EKU, _KA, _KU, _SN, _NA, _NB],
      [() => DistinguishedName$, () => DistinguishedName$, () => GeneralNameList, 64 | 0, 0, 64 | 0, 0, 4, 4]
    ];
    var __Unit = "unit";
    var AcmeAccountList = [
      1,
      n0,
      _AAL,
      0,
      [
        () => AcmeAccountSummary$,
        0
      ]
    ];
    var AcmeDomainValidationList = [
      1,
      n0,
      _ADVL,
      0,
      () => AcmeDomainValidationSummary$
    ];
    var AcmeEndpointList = [
      1,
      n0,
      _AEL,
      0,
      () => AcmeEndpointSummary$
    ];
    var AcmeExternalAccountBindingList = [
      1,
      n0,
      _AEABL,
      0,
      () => AcmeExternalAccountBindingSummary$
    ];
    var CertificateFilterStatementList = [
      1,
      n0,
      _CFSL,
      0,
      () => CertificateFilterStatement$
    ];
    var CertificateSearchResultList = [
      1,
      n0,
      _CSRL,
      0,
      () => CertificateSearchResult$
    ];
    var CertificateSummaryList = [
      1,
      n0,
      _CSL,
      0,
      () => CertificateSummary$
    ];
    var ContactList = [
      1,
      n0,
      _CL,
      8,
      0
    ];
    var CustomAttributeList = [
      1,
      n0,
      _CAL,
      0,
      () => CustomAttribute$
    ];
    var DomainValidationList = [
      1,
      n0,
      _DVL,
      0,
      () => DomainValidation$
    ];
    var DomainValidationOptionList = [
      1,
      n0,
      _DVOL,
      0,
      () => DomainValidationOption$
    ];
    var DomainValidationSummaryList = [
      1,
      n0,
      _DVSL,
      0,
      () => DomainValidationSummary$
    ];
    var ExtendedKeyUsageList = [
      1,
      n0,
      _EKUL,
      0,
      () => ExtendedKeyUsage$
    ];
    var GeneralNameList = [
      1,
      n0,
      _GNL,
      0,
      () => GeneralName$
    ];
    var KeyUsageList = [
      1,
      n0,
      _KUL,
      0,
      () => KeyUsage$
    ];
    var TagList = [
      1,
      n0,
      _TL,
      0,
      () => Tag$
    ];
    var ThrottlingReasonList = [
      1,
      n0,
      _TRL,
      0,
      () => ThrottlingReason$
    ];
    var AcmCertificateMetadataFilter$ = [
      4,
      n0,
      _ACMF,
      0,
      [_S, _RS, _T, _IU, _E, _EO, _MB, _VM, _CKPO, _AEA, _AAI],
      [0, 0, 0, 2, 2, 0, 0, 0, 0, 0, 0]
    ];
    var CertificateAuthority$ = [
      4,
      n0,
      _CAe,
      0,
      [_PCA],
      [() => PublicCertificateAuthority$]
    ];
    var CertificateFilter$ = [
      4,
      n0,
      _CF,
      0,
      [_CAer, _XAF, _ACMF],
      [0, () => X509AttributeFilter$, () => AcmCertificateMetadataFilter$]
    ];
    var CertificateFilterStatement$ = [
      4,
      n0,
      _CFS,
      0,
      [_A, _Or_, _No, _Fil],
      [() => CertificateFilterStatementList, () => CertificateFilterStatementList, () => CertificateFilterStatement$, () => CertificateFilter$]
    ];
    var CertificateMetadata$ = [
      4,
      n0,
      _CM,
      0,
      [_ACM],
      [() => AcmCertificateMetadata$]
    ];
    var GeneralName$ = [
      4,
      n0,
      _GNe,
      0,
      [_DNir, _DNn, _IAp, _ON, _RI, _RN, _URI],
      [() => DistinguishedName$, 0, 0, () => OtherName$, 0, 0, 0]
    ];
    var PrevalidationDetails$ = [
      4,
      n0,
      _PD,
      0,
      [_DP],
      [() => DnsPrevalidationDetails$]
    ];
    var PrevalidationOptions$ = [
      4,
      n0,
      _PO,
      0,
      [_DP],
      [() => DnsPrevalidationOptions$]
    ];
    var SubjectAlternativeNameFilter$ = [
      4,
      n0,
      _SANF,
      0,
      [_DNn],
      [() => DnsNameFilter$]
    ];
    var SubjectFilter$ = [
      4,
      n0,
      _SF,
      0,
      [_CN],
      [() => CommonNameFilter$]
    ];
    var ValidationChallenge$ = [
      4,
      n0,
      _VCa,
      0,
      [_EVC, _DVC],
      [() => EmailValidationChallenge$, () => DnsValidationChallenge$]
    ];
    var X509AttributeFilter$ = [
      4,
      n0,
      _XAF,
      0,
      [_Su, _SANu, _EKUx, _KUe, _KA, _SN, _NA, _NB],
      [() => SubjectFilter$, () => SubjectAlternativeNameFilter$, 0, 0, 0, 0, () => TimestampRange$, () => TimestampRange$]
    ];
    var AddTagsToCertificate$ = [
      9,
      n0,
      _ATTC,
      0,
      () => AddTagsToCertificateRequest$,
      () => __Unit
    ];
    var CreateAcmeDomainValidation$ = [
      9,
      n0,
      _CADV,
      0,
      () => CreateAcmeDomainValidationRequest$,
      () => CreateAcmeDomainValidationResponse$
    ];
    var CreateAcmeEndpoint$ = [
      9,
      n0,
      _CAE,
      2,
      () => CreateAcmeEndpointRequest$,
      () => CreateAcmeEndpointResponse$
    ];
    var CreateAcmeExternalAccountBinding$ = [
      9,
      n0,
      _CAEAB,
      2,
      () => CreateAcmeExternalAccountBindingRequest$,
      () => CreateAcmeExternalAccountBindingResponse$
    ];
    var DeleteAcmeDomainValidation$ = [
      9,
      n0,
      _DADV,
      2,
      () => DeleteAcmeDomainValidationRequest$,
      () => __Unit
    ];
    var DeleteAcmeEndpoint$ = [
      9,
      n0,
      _DAE,
      2,
      () => DeleteAcmeEndpointRequest$,
      () => __Unit
    ];
    var DeleteAcmeExternalAccountBinding$ = [
      9,
      n0,
      _DAEAB,
      2,
      () => DeleteAcmeExternalAccountBindingRequest$,
      () => __Unit
    ];
    var DeleteCertificate$ = [
      9,
      n0,
      _DCe,
      0,
      () => DeleteCertificateRequest$,
      () => __Unit
    ];
    var DescribeAcmeAccount$ = [
      9,
      n0,
      _DAA,
      0,
      () => DescribeAcmeAccountRequest$,
      () => DescribeAcmeAccountResponse$
    ];
    var DescribeAcmeDomainValidation$ = [
      9,
      n0,
      _DADVe,
      0,
      () => DescribeAcmeDomainValidationRequest$,
      () => DescribeAcmeDomainValidationResponse$
    ];
    var DescribeAcmeEndpoint$ = [
      9,
      n0,
      _DAEe,
      0,
      () => DescribeAcmeEndpointRequest$,
      () => DescribeAcmeEndpointResponse$
    ];
    var DescribeAcmeExternalAccountBinding$ = [
      9,
      n0,
      _DAEABe,
      0,
      () => DescribeAcmeExternalAccountBindingRequest$,
      () => DescribeAcmeExternalAccountBindingResponse$
    ];
    var DescribeCertificate$ = [
      9,
      n0,
      _DCes,
      0,
      () => DescribeCertificateRequest$,
      () => DescribeCertificateResponse$
    ];
    var ExportCertificate$ = [
      9,
      n0,
      _EC,
      0,
      () => ExportCertificateRequest$,
      () => ExportCertificateResponse$
    ];
    var GetAccountConfiguration$ = [
      9,
      n0,
      _GAC,
      0,
      () => __Unit,
      () => GetAccountConfigurationResponse$
    ];
    var GetAcmeExternalAccountBindingCredentials$ = [
      9,
      n0,
      _GAEABC,
      0,
      () => GetAcmeExternalAccountBindingCredentialsRequest$,
      () => GetAcmeExternalAccountBindingCredentialsResponse$
    ];
    var GetCertificate$ = [
      9,
      n0,
      _GC,
      0,
      () => GetCertificateRequest$,
      () => GetCertificateResponse$
    ];
    var ImportCertificate$ = [
      9,
      n0,
      _IC,
      0,
      () => ImportCertificateRequest$,
      () => ImportCertificateResponse$
    ];
    var ListAcmeAccounts$ = [
      9,
      n0,
      _LAA,
      0,
      () => ListAcmeAccountsRequest$,
      () => ListAcmeAccountsResponse$
    ];
    var ListAcmeDomainValidations$ = [
      9,
      n0,
      _LADV,
      0,
      () => ListAcmeDomainValidationsRequest$,
      () => ListAcmeDomainValidationsResponse$
    ];
    var ListAcmeEndpoints$ = [
      9,
      n0,
      _LAE,
      0,
      () => ListAcmeEndpointsRequest$,
      () => ListAcmeEndpointsResponse$
    ];
    var ListAcmeExternalAccountBindings$ = [
      9,
      n0,
      _LAEAB,
      0,
      () => ListAcmeExternalAccountBindingsRequest$,
      () => ListAcmeExternalAccountBindingsResponse$
    ];
    var ListCertificateDomainValidations$ = [
      9,
      n0,
      _LCDV,
      0,
      () => ListCertificateDomainValidationsRequest$,
      () => ListCertificateDomainValidationsResponse$
    ];
    var ListCertificates$ = [
      9,
      n0,
      _LC,
      0,
      () => ListCertificatesRequest$,
      () => ListCertificatesResponse$
    ];
    var ListTagsForCertificate$ = [
      9,
      n0,
      _LTFC,
      0,
      () => ListTagsForCertificateRequest$,
      () => ListTagsForCertificateResponse$
    ];
    var ListTagsForResource$ = [
      9,
      n0,
      _LTFR,
      0,
      () => ListTagsForResourceRequest$,
      () => ListTagsForResourceResponse$
    ];
    var PutAccountConfiguration$ = [
      9,
      n0,
      _PAC,
      0,
      () => PutAccountConfigurationRequest$,
      () => __Unit
    ];
    var RemoveTagsFromCertificate$ = [
      9,
      n0,
      _RTFC,
      0,
      () => RemoveTagsFromCertificateRequest$,
      () => __Unit
    ];
    var RenewCertificate$ = [
      9,
      n0,
      _RC,
      0,
      () => RenewCertificateRequest$,
      () => __Unit
    ];
    var RequestCertificate$ = [
      9,
      n0,
      _RCe,
      0,
      () => RequestCertificateRequest$,
      () => RequestCertificateResponse$
    ];
    var ResendValidationEmail$ = [
      9,
      n0,
      _RVE,
      0,
      () => ResendValidationEmailRequest$,
      () => __Unit
    ];
    var RevokeAcmeAccount$ = [
      9,
      n0,
      _RAA,
      2,
      () => RevokeAcmeAccountRequest$,
      () => __Unit
    ];
    var RevokeAcmeExternalAccountBinding$ = [
      9,
      n0,
      _RAEAB,
      2,
      () => RevokeAcmeExternalAccountBindingRequest$,
      () => __Unit
    ];
    var RevokeCertificate$ = [
      9,
      n0,
      _RCev,
      0,
      () => RevokeCertificateRequest$,
      () => RevokeCertificateResponse$
    ];
    var SearchCertificates$ = [
      9,
      n0,
      _SC,
      0,
      () => SearchCertificatesRequest$,
      () => SearchCertificatesResponse$
    ];
    var TagResource$ = [
      9,
      n0,
      _TRa,
      0,
      () => TagResourceRequest$,
      () => __Unit
    ];
    var UntagResource$ = [
      9,
      n0,
      _UR,
      0,
      () => UntagResourceRequest$,
      () => __Unit
    ];
    var UpdateAcmeDomainValidation$ = [
      9,
      n0,
      _UADV,
      2,
      () => UpdateAcmeDomainValidationRequest$,
      () => __Unit
    ];
    var UpdateAcmeEndpoint$ = [
      9,
      n0,
      _UAE,
      2,
      () => UpdateAcmeEndpointRequest$,
      () => __Unit
    ];
    var UpdateCertificateOptions$ = [
      9,
      n0,
      _UCO,
      0,
      () => UpdateCertificateOptionsRequest$,
      () => __Unit
    ];
    var getRuntimeConfig$1 = (config) => {
      return {
        apiVersion: "2015-12-08",
        base64Decoder: config?.base64Decoder ?? fromBase64,
        base64Encoder: config?.base64Encoder ?? toBase64,
        disableHostPrefix: config?.disableHostPrefix ?? false,
        endpointProvider: config?.endpointProvider ?? defaultEndpointResolver,
        extensions: config?.extensions ?? [],
        httpAuthSchemeProvider: config?.httpAuthSchemeProvider ?? defaultACMHttpAuthSchemeProvider,
        httpAuthSchemes: config?.httpAuthSchemes ?? [
          {
            schemeId: "aws.auth#sigv4",
            identityProvider: (ipc) => ipc.getIdentityProvider("aws.auth#sigv4"),
            signer: new AwsSdkSigV4Signer()
          }
        ],
        logger: config?.logger ?? new NoOpLogger(),
        protocol: config?.protocol ?? AwsJson1_1Protocol,
        protocolSettings: config?.protocolSettings ?? {
          defaultNamespace: "com.amazonaws.acm",
          errorTypeRegistries,
          version: "2015-12-08",
          serviceTarget: "CertificateManager"
        },
        serviceId: config?.serviceId ?? "ACM",
        sha256: config?.sha256 ?? Sha256,
        urlParser: config?.urlParser ?? parseUrl,
        utf8Decoder: config?.utf8Decoder ?? fromUtf8,
        utf8Encoder: config?.utf8Encoder ?? toUtf8
      };
    };
    var getRuntimeConfig = (config) => {
      emitWarningIfUnsupportedVersion(process.version);
      const defaultsMode = resolveDefaultsModeConfig(config);
      const defaultConfigProvider = () => defaultsMode().then(loadConfigsForDefaultMode);
      const clientSharedValues = getRuntimeConfig$1(config);
      emitWarningIfUnsupportedVersion$1(process.version);
      const loaderConfig = {
        profile: config?.profile,
        logger: clientSharedValues.logger
      };
      return {
        ...clientSharedValues,
        ...config,
        runtime: "node",
        defaultsMode,
        authSchemePreference: config?.authSchemePreference ?? loadConfig(NODE_AUTH_SCHEME_PREFERENCE_OPTIONS, loaderConfig),
        bodyLengthChecker: config?.bodyLengthChecker ?? calculateBodyLength,
        credentialDefaultProvider: config?.credentialDefaultProvider ?? defaultProvider,
        defaultSocketTimeout: getDefaultSocketTimeout(config?.requestHandler, 3e5),
        defaultUserAgentProvider: config?.defaultUserAgentProvider ?? createDefaultUserAgentProvider({ serviceId: clientSharedValues.serviceId, clientVersion: packageInfo.version }),
        maxAttempts: config?.maxAttempts ?? loadConfig(NODE_MAX_ATTEMPT_CONFIG_OPTIONS, config),
        region: config?.region ?? loadConfig(NODE_REGION_CONFIG_OPTIONS, { ...NODE_REGION_CONFIG_FILE_OPTIONS, ...loaderConfig }),
        requestHandler: NodeHttpHandler.create(config?.requestHandler ?? defaultConfigProvider),
        retryMode: config?.retryMode ?? loadConfig({
          ...NODE_RETRY_MODE_CONFIG_OPTIONS,
          default: async () => (await defaultConfigProvider()).retryMode || DEFAULT_RETRY_MODE
        }, config),
        streamCollector: config?.streamCollector ?? streamCollector,
        useDualstackEndpoint: config?.useDualstackEndpoint ?? loadConfig(NODE_USE_DUALSTACK_ENDPOINT_CONFIG_OPTIONS, loaderConfig),
        useFipsEndpoint: config?.useFipsEndpoint ?? loadConfig(NODE_USE_FIPS_ENDPOINT_CONFIG_OPTIONS, loaderConfig),
        userAgentAppId: config?.userAgentAppId ?? loadConfig(NODE_APP_ID_CONFIG_OPTIONS, loaderConfig)
      };
    };
    var getHttpAuthExtensionConfiguration = (runtimeConfig) => {
      const _httpAuthSchemes = runtimeConfig.httpAuthSchemes;
      let _httpAuthSchemeProvider = runtimeConfig.httpAuthSchemeProvider;
      let _credentials = runtimeConfig.credentials;
      return {
        setHttpAuthScheme(httpAuthScheme) {
          const index = _httpAuthSchemes.findIndex((scheme) => scheme.schemeId === httpAuthScheme.schemeId);
          if (index === -1) {
            _httpAuthSchemes.push(httpAuthScheme);
          } else {
            _httpAuthSchemes.splice(index, 1, httpAuthScheme);
          }
        },
        httpAuthSchemes() {
          return _httpAuthSchemes;
        },
        setHttpAuthSchemeProvider(httpAuthSchemeProvider) {
          _httpAuthSchemeProvider = httpAuthSchemeProvider;
        },
        httpAuthSchemeProvider() {
          return _httpAuthSchemeProvider;
        },
        setCredentials(credentials) {
          _credentials = credentials;
        },
        credentials() {
          return _credentials;
        }
      };
    };
    var resolveHttpAuthRuntimeConfig = (config) => {
      return {
        httpAuthSchemes: config.httpAuthSchemes(),
        httpAuthSchemeProvider: config.httpAuthSchemeProvider(),
        credentials: config.credentials()
      };
    };
    var resolveRuntimeExtensions = (runtimeConfig, extensions) => {
      const extensionConfiguration = Object.assign(getAwsRegionExtensionConfiguration(runtimeConfig), getDefaultExtensionConfiguration(runtimeConfig), getHttpHandlerExtensionConfiguration(runtimeConfig), getHttpAuthExtensionConfiguration(runtimeConfig));
      extensions.forEach((extension) => extension.configure(extensionConfiguration));
      return Object.assign(runtimeConfig, resolveAwsRegionExtensionConfiguration(extensionConfiguration), resolveDefaultRuntimeConfig(extensionConfiguration), resolveHttpHandlerRuntimeConfig(extensionConfiguration), resolveHttpAuthRuntimeConfig(extensionConfiguration));
    };
    var ACMClient2 = class extends Client {
      config;
      constructor(...[configuration]) {
        const _config_0 = getRuntimeConfig(configuration || {});
        super(_config_0);
        this.initConfig = _config_0;
        const _config_1 = resolveClientEndpointParameters(_config_0);
        const _config_2 = resolveUserAgentConfig(_config_1);
        const _config_3 = resolveRetryConfig(_config_2);
        const _config_4 = resolveRegionConfig(_config_3);
        const _config_5 = resolveHostHeaderConfig(_config_4);
        const _config_6 = resolveEndpointConfig(_config_5);
        const _config_7 = resolveHttpAuthSchemeConfig(_config_6);
        const _config_8 = resolveRuntimeExtensions(_config_7, configuration?.extensions || []);
        this.config = _config_8;
        this.middlewareStack.use(getSchemaSerdePlugin(this.config));
        this.middlewareStack.use(getUserAgentPlugin(this.config));
        this.middlewareStack.use(getRetryPlugin(this.config));
        this.middlewareStack.use(getContentLengthPlugin(this.config));
        this.middlewareStack.use(getHostHeaderPlugin(this.config));
        this.middlewareStack.use(getLoggerPlugin(this.config));
        this.middlewareStack.use(getRecursionDetectionPlugin(this.config));
        this.middlewareStack.use(getHttpAuthSchemeEndpointRuleSetPlugin(this.config, {
          httpAuthSchemeParametersProvider: defaultACMHttpAuthSchemeParametersProvider,
          identityProviderConfigProvider: async (config) => new DefaultIdentityProviderConfig({
            "aws.auth#sigv4": config.credentials
          })
        }));
        this.middlewareStack.use(getHttpSigningPlugin(this.config));
      }
      destroy() {
        super.destroy();
      }
    };
    var command = makeBuilder(commonParams, "CertificateManager", "ACMClient", getEndpointPlugin);
    var _ep0 = {
      ServiceType: { type: "staticContextParams", value: `ACM` }
    };
    var _ep1 = {
      ServiceType: { type: "staticContextParams", value: `ACM-ACME` }
    };
    var _mw0 = (Command, cs, config, o) => [];
    var AddTagsToCertificateCommand2 = class extends command(_ep0, _mw0, "AddTagsToCertificate", AddTagsToCertificate$) {
    };
    var CreateAcmeDomainValidationCommand = class extends command(_ep1, _mw0, "CreateAcmeDomainValidation", CreateAcmeDomainValidation$) {
    };
    var CreateAcmeEndpointCommand = class extends command(_ep1, _mw0, "CreateAcmeEndpoint", CreateAcmeEndpoint$) {
    };
    var CreateAcmeExternalAccountBindingCommand = class extends command(_ep1, _mw0, "CreateAcmeExternalAccountBinding", CreateAcmeExternalAccountBinding$) {
    };
    var DeleteAcmeDomainValidationCommand = class extends command(_ep1, _mw0, "DeleteAcmeDomainValidation", DeleteAcmeDomainValidation$) {
    };
    var DeleteAcmeEndpointCommand = class extends command(_ep1, _mw0, "DeleteAcmeEndpoint", DeleteAcmeEndpoint$) {
    };
    var DeleteAcmeExternalAccountBindingCommand = class extends command(_ep1, _mw0, "DeleteAcmeExternalAccountBinding", DeleteAcmeExternalAccountBinding$) {
    };
    var DeleteCertificateCommand = class extends command(_ep0, _mw0, "DeleteCertificate", DeleteCertificate$) {
    };
    var DescribeAcmeAccountCommand = class extends command(_ep1, _mw0, "DescribeAcmeAccount", DescribeAcmeAccount$) {
    };
    var DescribeAcmeDomainValidationCommand = class extends command(_ep1, _mw0, "DescribeAcmeDomainValidation", DescribeAcmeDomainValidation$) {
    };
    var DescribeAcmeEndpointCommand = class extends command(_ep1, _mw0, "DescribeAcmeEndpoint", DescribeAcmeEndpoint$) {
    };
    var DescribeAcmeExternalAccountBindingCommand = class extends command(_ep1, _mw0, "DescribeAcmeExternalAccountBinding", DescribeAcmeExternalAccountBinding$) {
    };
    var DescribeCertificateCommand2 = class extends command(_ep0, _mw0, "DescribeCertificate", DescribeCertificate$) {
    };
    var ExportCertificateCommand = class extends command(_ep0, _mw0, "ExportCertificate", ExportCertificate$) {
    };
    var GetAccountConfigurationCommand = class extends command(_ep0, _mw0, "GetAccountConfiguration", GetAccountConfiguration$) {
    };
    var GetAcmeExternalAccountBindingCredentialsCommand = class extends command(_ep1, _mw0, "GetAcmeExternalAccountBindingCredentials", GetAcmeExternalAccountBindingCredentials$) {
    };
    var GetCertificateCommand = class extends command(_ep0, _mw0, "GetCertificate", GetCertificate$) {
    };
    var ImportCertificateCommand2 = class extends command(_ep0, _mw0, "ImportCertificate", ImportCertificate$) {
    };
    var ListAcmeAccountsCommand = class extends command(_ep1, _mw0, "ListAcmeAccounts", ListAcmeAccounts$) {
    };
    var ListAcmeDomainValidationsCommand = class extends command(_ep1, _mw0, "ListAcmeDomainValidations", ListAcmeDomainValidations$) {
    };
    var ListAcmeEndpointsCommand = class extends command(_ep1, _mw0, "ListAcmeEndpoints", ListAcmeEndpoints$) {
    };
    var ListAcmeExternalAccountBindingsCommand = class extends command(_ep1, _mw0, "ListAcmeExternalAccountBindings", ListAcmeExternalAccountBindings$) {
    };
    var ListCertificateDomainValidationsCommand = class extends command(_ep0, _mw0, "ListCertificateDomainValidations", ListCertificateDomainValidations$) {
    };
    var ListCertificatesCommand2 = class extends command(_ep0, _mw0, "ListCertificates", ListCertificates$) {
    };
    var ListTagsForCertificateCommand = class extends command(_ep0, _mw0, "ListTagsForCertificate", ListTagsForCertificate$) {
    };
    var ListTagsForResourceCommand = class extends command(_ep0, _mw0, "ListTagsForResource", ListTagsForResource$) {
    };
    var PutAccountConfigurationCommand = class extends command(_ep0, _mw0, "PutAccountConfiguration", PutAccountConfiguration$) {
    };
    var RemoveTagsFromCertificateCommand = class extends command(_ep0, _mw0, "RemoveTagsFromCertificate", RemoveTagsFromCertificate$) {
    };
    var RenewCertificateCommand = class extends command(_ep0, _mw0, "RenewCertificate", RenewCertificate$) {
    };
    var RequestCertificateCommand = class extends command(_ep0, _mw0, "RequestCertificate", RequestCertificate$) {
    };
    var ResendValidationEmailCommand = class extends command(_ep0, _mw0, "ResendValidationEmail", ResendValidationEmail$) {
    };
    var RevokeAcmeAccountCommand = class extends command(_ep1, _mw0, "RevokeAcmeAccount", RevokeAcmeAccount$) {
    };
    var RevokeAcmeExternalAccountBindingCommand = class extends command(_ep1, _mw0, "RevokeAcmeExternalAccountBinding", RevokeAcmeExternalAccountBinding$) {
    };
    var RevokeCertificateCommand = class extends command(_ep0, _mw0, "RevokeCertificate", RevokeCertificate$) {
    };
    var SearchCertificatesCommand = class extends command(_ep0, _mw0, "SearchCertificates", SearchCertificates$) {
    };
    var TagResourceCommand = class extends command(_ep0, _mw0, "TagResource", TagResource$) {
    };
    var UntagResourceCommand = class extends command(_ep0, _mw0, "UntagResource", UntagResource$) {
    };
    var UpdateAcmeDomainValidationCommand = class extends command(_ep1, _mw0, "UpdateAcmeDomainValidation", UpdateAcmeDomainValidation$) {
    };
    var UpdateAcmeEndpointCommand = class extends command(_ep1, _mw0, "UpdateAcmeEndpoint", UpdateAcmeEndpoint$) {
    };
    var UpdateCertificateOptionsCommand = class extends command(_ep0, _mw0, "UpdateCertificateOptions", UpdateCertificateOptions$) {
    };
    var paginateListAcmeAccounts = createPaginator(ACMClient2, ListAcmeAccountsCommand, "NextToken", "NextToken", "MaxResults");
    var paginateListAcmeDomainValidations = createPaginator(ACMClient2, ListAcmeDomainValidationsCommand, "NextToken", "NextToken", "MaxResults");
    var paginateListAcmeEndpoints = createPaginator(ACMClient2, ListAcmeEndpointsCommand, "NextToken", "NextToken", "MaxResults");
    var paginateListAcmeExternalAccountBindings = createPaginator(ACMClient2, ListAcmeExternalAccountBindingsCommand, "NextToken", "NextToken", "MaxResults");
    var paginateListCertificateDomainValidations = createPaginator(ACMClient2, ListCertificateDomainValidationsCommand, "NextToken", "NextToken", "MaxItems");
    var paginateListCertificates = createPaginator(ACMClient2, ListCertificatesCommand2, "NextToken", "NextToken", "MaxItems");
    var paginateSearchCertificates = createPaginator(ACMClient2, SearchCertificatesCommand, "NextToken", "NextToken", "MaxResults");
    var checkState$4 = async (client, input) => {
      let reason;
      try {
        let result = await client.send(new DescribeAcmeDomainValidationCommand(input));
        reason = result;
        try {
          const returnComparator = () => {
            return result.AcmeDomainValidation.Status;
          };
          if (returnComparator() === "DELETING") {
            return { state: WaiterState.RETRY, reason };
          }
        } catch (e2) {
        }
      } catch (exception) {
        reason = exception;
        if (exception.name === "ResourceNotFoundException") {
          return { state: WaiterState.SUCCESS, reason };
        }
      }
      return { state: WaiterState.RETRY, reason };
    };
    var waitForAcmeDomainValidationDeleted = async (params, input) => {
      const serviceDefaults = { minDelay: 5, maxDelay: 300 };
      return createWaiter({ ...serviceDefaults, ...params }, input, checkState$4);
    };
    var waitUntilAcmeDomainValidationDeleted = async (params, input) => {
      const serviceDefaults = { minDelay: 5, maxDelay: 300 };
      const result = await createWaiter({ ...serviceDefaults, ...params }, input, checkState$4);
      return checkExceptions(result);
    };
    var checkState$3 = async (client, input) => {
      let reason;
      try {
        let result = await client.send(new DescribeAcmeDomainValidationCommand(input));
        reason = result;
        try {
          const returnComparator = () => {
            return result.AcmeDomainValidation.Status;
          };
          if (returnComparator() === "VALID") {
            return { state: WaiterState.SUCCESS, reason };
          }
        } catch (e2) {
        }
        try {
          const returnComparator = () => {
            return result.AcmeDomainValidation.Status;
          };
          if (returnComparator() === "INVALID") {
            return { state: WaiterState.FAILURE, reason };
          }
        } catch (e2) {
        }
        try {
          const returnComparator = () => {
            return result.AcmeDomainValidation.Status;
          };
          if (returnComparator() === "VALIDATING") {
            return { state: WaiterState.RETRY, reason };
          }
        } catch (e2) {
        }
      } catch (exception) {
        reason = exception;
      }
      return { state: WaiterState.RETRY, reason };
    };
    var waitForAcmeDomainValidationValidated = async (params, input) => {
      const serviceDefaults = { minDelay: 5, maxDelay: 300 };
      return createWaiter({ ...serviceDefaults, ...params }, input, checkState$3);
    };
    var waitUntilAcmeDomainValidationValidated = async (params, input) => {
      const serviceDefaults = { minDelay: 5, maxDelay: 300 };
      const result = await createWaiter({ ...serviceDefaults, ...params }, input, checkState$3);
      return checkExceptions(result);
    };
    var checkState$2 = async (client, input) => {
      let reason;
      try {
        let result = await client.send(new DescribeAcmeEndpointCommand(input));
        reason = result;
        try {
          const returnComparator = () => {
            return result.AcmeEndpoint.Status;
          };
          if (returnComparator() === "ACTIVE") {
            return { state: WaiterState.SUCCESS, reason };
          }
        } catch (e2) {
        }
        try {
          const returnComparator = () => {
            return result.AcmeEndpoint.Status;
          };
          if (returnComparator() === "FAILED") {
            return { state: WaiterState.FAILURE, reason };
          }
        } catch (e2) {
        }
        try {
          const returnComparator = () => {
            return result.AcmeEndpoint.Status;
          };
          if (returnComparator() === "CREATING") {
            return { state: WaiterState.RETRY, reason };
          }
        } catch (e2) {
        }
      } catch (exception) {
        reason = exception;
      }
      return { state: WaiterState.RETRY, reason };
    };
    var waitForAcmeEndpointActive = async (params, input) => {
      const serviceDefaults = { minDelay: 5, maxDelay: 300 };
      return createWaiter({ ...serviceDefaults, ...params }, input, checkState$2);
    };
    var waitUntilAcmeEndpointActive = async (params, input) => {
      const serviceDefaults = { minDelay: 5, maxDelay: 300 };
      const result = await createWaiter({ ...serviceDefaults, ...params }, input, checkState$2);
      return checkExceptions(result);
    };
    var checkState$1 = async (client, input) => {
      let reason;
      try {
        let result = await client.send(new DescribeAcmeEndpointCommand(input));
        reason = result;
        try {
          const returnComparator = () => {
            return result.AcmeEndpoint.Status;
          };
          if (returnComparator() === "DELETING") {
            return { state: WaiterState.RETRY, reason };
          }
        } catch (e2) {
        }
      } catch (exception) {
        reason = exception;
        if (exception.name === "ResourceNotFoundException") {
          return { state: WaiterState.SUCCESS, reason };
        }
      }
      return { state: WaiterState.RETRY, reason };
    };
    var waitForAcmeEndpointDeleted = async (params, input) => {
      const serviceDefaults = { minDelay: 5, maxDelay: 300 };
      return createWaiter({ ...serviceDefaults, ...params }, input, checkState$1);
    };
    var waitUntilAcmeEndpointDeleted = async (params, input) => {
      const serviceDefaults = { minDelay: 5, maxDelay: 300 };
      const result = await createWaiter({ ...serviceDefaults, ...params }, input, checkState$1);
      return checkExceptions(result);
    };
    var checkState = async (client, input) => {
      let reason;
      try {
        let result = await client.send(new DescribeCertificateCommand2(input));
        reason = result;
        try {
          const returnComparator = () => {
            let flat_1 = [].concat(...result.Certificate.DomainValidationOptions);
            let projection_3 = flat_1.map((element_2) => {
              return element_2.ValidationStatus;
            });
            return projection_3;
          };
          let allStringEq_5 = returnComparator().length > 0;
          for (let element_4 of returnComparator()) {
            allStringEq_5 = allStringEq_5 && element_4 == "SUCCESS";
          }
          if (allStringEq_5) {
            return { state: WaiterState.SUCCESS, reason };
          }
        } catch (e2) {
        }
        try {
          const returnComparator = () => {
            let flat_1 = [].concat(...result.Certificate.DomainValidationOptions);
            let projection_3 = flat_1.map((element_2) => {
              return element_2.ValidationStatus;
            });
            return projection_3;
          };
          for (let anyStringEq_4 of returnComparator()) {
            if (anyStringEq_4 == "PENDING_VALIDATION") {
              return { state: WaiterState.RETRY, reason };
            }
          }
        } catch (e2) {
        }
        try {
          const returnComparator = () => {
            return result.Certificate.Status;
          };
          if (returnComparator() === "FAILED") {
            return { state: WaiterState.FAILURE, reason };
          }
        } catch (e2) {
        }
      } catch (exception) {
        reason = exception;
        if (exception.name === "ResourceNotFoundException") {
          return { state: WaiterState.FAILURE, reason };
        }
      }
      return { state: WaiterState.RETRY, reason };
    };
    var waitForCertificateValidated = async (params, input) => {
      const serviceDefaults = { minDelay: 60, maxDelay: 120 };
      return createWaiter({ ...serviceDefaults, ...params }, input, checkState);
    };
    var waitUntilCertificateValidated = async (params, input) => {
      const serviceDefaults = { minDelay: 60, maxDelay: 120 };
      const result = await createWaiter({ ...serviceDefaults, ...params }, input, checkState);
      return checkExceptions(result);
    };
    var commands = {
      AddTagsToCertificateCommand: AddTagsToCertificateCommand2,
      CreateAcmeDomainValidationCommand,
      CreateAcmeEndpointCommand,
      CreateAcmeExternalAccountBindingCommand,
      DeleteAcmeDomainValidationCommand,
      DeleteAcmeEndpointCommand,
      DeleteAcmeExternalAccountBindingCommand,
      DeleteCertificateCommand,
      DescribeAcmeAccountCommand,
      DescribeAcmeDomainValidationCommand,
      DescribeAcmeEndpointCommand,
      DescribeAcmeExternalAccountBindingCommand,
      DescribeCertificateCommand: DescribeCertificateCommand2,
      ExportCertificateCommand,
      GetAccountConfigurationCommand,
      GetAcmeExternalAccountBindingCredentialsCommand,
      GetCertificateCommand,
      ImportCertificateCommand: ImportCertificateCommand2,
      ListAcmeAccountsCommand,
      ListAcmeDomainValidationsCommand,
      ListAcmeEndpointsCommand,
      ListAcmeExternalAccountBindingsCommand,
      ListCertificateDomainValidationsCommand,
      ListCertificatesCommand: ListCertificatesCommand2,
      ListTagsForCertificateCommand,
      ListTagsForResourceCommand,
      PutAccountConfigurationCommand,
      RemoveTagsFromCertificateCommand,
      RenewCertificateCommand,
      RequestCertificateCommand,
      ResendValidationEmailCommand,
      RevokeAcmeAccountCommand,
      RevokeAcmeExternalAccountBindingCommand,
      RevokeCertificateCommand,
      SearchCertificatesCommand,
      TagResourceCommand,
      UntagResourceCommand,
      UpdateAcmeDomainValidationCommand,
      UpdateAcmeEndpointCommand,
      UpdateCertificateOptionsCommand
    };
    var paginators = {
      paginateListAcmeAccounts,
      paginateListAcmeDomainValidations,
      paginateListAcmeEndpoints,
      paginateListAcmeExternalAccountBindings,
      paginateListCertificateDomainValidations,
      paginateListCertificates,
      paginateSearchCertificates
    };
    var waiters = {
      waitUntilAcmeDomainValidationValidated,
      waitUntilAcmeDomainValidationDeleted,
      waitUntilAcmeEndpointActive,
      waitUntilAcmeEndpointDeleted,
      waitUntilCertificateValidated
    };
    var ACM = class extends ACMClient2 {
    };
    createAggregatedClient(commands, ACM, { paginators, waiters });
    var CertificateKeyPairOrigin = {
      ACME: "ACME",
      AWS_MANAGED: "AWS_MANAGED",
      CUSTOMER_PROVIDED: "CUSTOMER_PROVIDED"
    };
    var CertificateExport = {
      DISABLED: "DISABLED",
      ENABLED: "ENABLED"
    };
    var CertificateManagedBy = {
      CLOUDFRONT: "CLOUDFRONT"
    };
    var RenewalEligibility = {
      ELIGIBLE: "ELIGIBLE",
      INELIGIBLE: "INELIGIBLE"
    };
    var RenewalStatus = {
      FAILED: "FAILED",
      PENDING_AUTO_RENEWAL: "PENDING_AUTO_RENEWAL",
      PENDING_VALIDATION: "PENDING_VALIDATION",
      SUCCESS: "SUCCESS"
    };
    var CertificateStatus = {
      EXPIRED: "EXPIRED",
      FAILED: "FAILED",
      INACTIVE: "INACTIVE",
      ISSUED: "ISSUED",
      PENDING_VALIDATION: "PENDING_VALIDATION",
      REVOKED: "REVOKED",
      VALIDATION_TIMED_OUT: "VALIDATION_TIMED_OUT"
    };
    var CertificateType = {
      AMAZON_ISSUED: "AMAZON_ISSUED",
      IMPORTED: "IMPORTED",
      PRIVATE: "PRIVATE"
    };
    var ValidationMethod = {
      DNS: "DNS",
      EMAIL: "EMAIL",
      HTTP: "HTTP"
    };
    var AcmeAccountStatus = {
      DEACTIVATED: "DEACTIVATED",
      REVOKED: "REVOKED",
      VALID: "VALID"
    };
    var AcmeAuthorizationBehavior = {
      PRE_APPROVED: "PRE_APPROVED"
    };
    var AcmeContact = {
      NOT_REQUIRED: "NOT_REQUIRED",
      REQUIRED: "REQUIRED"
    };
    var AcmeDomainValidationFailureReason = {
      ACCESS_DENIED: "ACCESS_DENIED",
      DOMAIN_MISMATCH: "DOMAIN_MISMATCH",
      DOMAIN_NOT_ALLOWED: "DOMAIN_NOT_ALLOWED",
      ENDPOINT_NOT_ACTIVE: "ENDPOINT_NOT_ACTIVE",
      HOSTED_ZONE_NOT_FOUND: "HOSTED_ZONE_NOT_FOUND",
      INTERNAL_FAILURE: "INTERNAL_FAILURE",
      INVALID_CHANGE_BATCH: "INVALID_CHANGE_BATCH",
      INVALID_PUBLIC_DOMAIN: "INVALID_PUBLIC_DOMAIN",
      TIMED_OUT: "TIMED_OUT"
    };
    var DomainScopeOption = {
      DISABLED: "DISABLED",
      ENABLED: "ENABLED"
    };
    var RecordType = {
      CNAME: "CNAME"
    };
    var PrevalidationType = {
      DNS_PREVALIDATION: "DNS_PREVALIDATION"
    };
    var AcmeDomainValidationStatus = {
      DELETING: "DELETING",
      INVALID: "INVALID",
      VALID: "VALID",
      VALIDATING: "VALIDATING"
    };
    var PublicKeyAlgorithm = {
      EC_PRIME256_V1: "EC_prime256v1",
      EC_SECP384_R1: "EC_secp384r1",
      RSA_2048: "RSA_2048"
    };
    var AcmeEndpointStatus = {
      ACTIVE: "ACTIVE",
      CREATING: "CREATING",
      DELETING: "DELETING",
      FAILED: "FAILED"
    };
    var DomainStatus = {
      FAILED: "FAILED",
      PENDING_VALIDATION: "PENDING_VALIDATION",
      SUCCESS: "SUCCESS"
    };
    var ExtendedKeyUsageName = {
      ANY: "ANY",
      CODE_SIGNING: "CODE_SIGNING",
      CUSTOM: "CUSTOM",
      EMAIL_PROTECTION: "EMAIL_PROTECTION",
      IPSEC_END_SYSTEM: "IPSEC_END_SYSTEM",
      IPSEC_TUNNEL: "IPSEC_TUNNEL",
      IPSEC_USER: "IPSEC_USER",
      NONE: "NONE",
      OCSP_SIGNING: "OCSP_SIGNING",
      TIME_STAMPING: "TIME_STAMPING",
      TLS_WEB_CLIENT_AUTHENTICATION: "TLS_WEB_CLIENT_AUTHENTICATION",
      TLS_WEB_SERVER_AUTHENTICATION: "TLS_WEB_SERVER_AUTHENTICATION"
    };
    var FailureReason = {
      ADDITIONAL_VERIFICATION_REQUIRED: "ADDITIONAL_VERIFICATION_REQUIRED",
      CAA_ERROR: "CAA_ERROR",
      DOMAIN_NOT_ALLOWED: "DOMAIN_NOT_ALLOWED",
      DOMAIN_VALIDATION_DENIED: "DOMAIN_VALIDATION_DENIED",
      INVALID_PUBLIC_DOMAIN: "INVALID_PUBLIC_DOMAIN",
      NO_AVAILABLE_CONTACTS: "NO_AVAILABLE_CONTACTS",
      OTHER: "OTHER",
      PCA_ACCESS_DENIED: "PCA_ACCESS_DENIED",
      PCA_INVALID_ARGS: "PCA_INVALID_ARGS",
      PCA_INVALID_ARN: "PCA_INVALID_ARN",
      PCA_INVALID_DURATION: "PCA_INVALID_DURATION",
      PCA_INVALID_STATE: "PCA_INVALID_STATE",
      PCA_LIMIT_EXCEEDED: "PCA_LIMIT_EXCEEDED",
      PCA_NAME_CONSTRAINTS_VALIDATION: "PCA_NAME_CONSTRAINTS_VALIDATION",
      PCA_REQUEST_FAILED: "PCA_REQUEST_FAILED",
      PCA_RESOURCE_NOT_FOUND: "PCA_RESOURCE_NOT_FOUND",
      SLR_NOT_FOUND: "SLR_NOT_FOUND"
    };
    var KeyAlgorithm = {
      EC_prime256v1: "EC_prime256v1",
      EC_secp384r1: "EC_secp384r1",
      EC_secp521r1: "EC_secp521r1",
      RSA_1024: "RSA_1024",
      RSA_2048: "RSA_2048",
      RSA_3072: "RSA_3072",
      RSA_4096: "RSA_4096"
    };
    var KeyUsageName = {
      ANY: "ANY",
      CERTIFICATE_SIGNING: "CERTIFICATE_SIGNING",
      CRL_SIGNING: "CRL_SIGNING",
      CUSTOM: "CUSTOM",
      DATA_ENCIPHERMENT: "DATA_ENCIPHERMENT",
      DECIPHER_ONLY: "DECIPHER_ONLY",
      DIGITAL_SIGNATURE: "DIGITAL_SIGNATURE",
      ENCHIPER_ONLY: "ENCIPHER_ONLY",
      KEY_AGREEMENT: "KEY_AGREEMENT",
      KEY_ENCIPHERMENT: "KEY_ENCIPHERMENT",
      NON_REPUDATION: "NON_REPUDIATION"
    };
    var CertificateTransparencyLoggingPreference = {
      DISABLED: "DISABLED",
      ENABLED: "ENABLED"
    };
    var RevocationReason = {
      AFFILIATION_CHANGED: "AFFILIATION_CHANGED",
      A_A_COMPROMISE: "A_A_COMPROMISE",
      CA_COMPROMISE: "CA_COMPROMISE",
      CERTIFICATE_HOLD: "CERTIFICATE_HOLD",
      CESSATION_OF_OPERATION: "CESSATION_OF_OPERATION",
      KEY_COMPROMISE: "KEY_COMPROMISE",
      PRIVILEGE_WITHDRAWN: "PRIVILEGE_WITHDRAWN",
      REMOVE_FROM_CRL: "REMOVE_FROM_CRL",
      SUPERCEDED: "SUPERCEDED",
      SUPERSEDED: "SUPERSEDED",
      UNSPECIFIED: "UNSPECIFIED"
    };
    var UpdateStatus = {
      FAILED: "FAILED",
      PENDING_DOMAIN_VALIDATION: "PENDING_DOMAIN_VALIDATION",
      SUCCESS: "SUCCESS"
    };
    var UpdateType = {
      DOMAIN_VALIDATION_METHOD: "DOMAIN_VALIDATION_METHOD"
    };
    var ComparisonOperator = {
      CONTAINS: "CONTAINS",
      EQUALS: "EQUALS"
    };
    var TimeType = {
      DAYS: "DAYS",
      HOURS: "HOURS",
      MINUTES: "MINUTES"
    };
    var SortBy = {
      CREATED_AT: "CREATED_AT"
    };
    var SortOrder = {
      ASCENDING: "ASCENDING",
      DESCENDING: "DESCENDING"
    };
    var SearchCertificatesSortBy = {
      ACME_ACCOUNT_ID: "ACME_ACCOUNT_ID",
      ACME_ENDPOINT_ARN: "ACME_ENDPOINT_ARN",
      CERTIFICATE_ARN: "CERTIFICATE_ARN",
      CERTIFICATE_KEY_PAIR_ORIGIN: "CERTIFICATE_KEY_PAIR_ORIGIN",
      COMMON_NAME: "COMMON_NAME",
      CREATED_AT: "CREATED_AT",
      EXPORTED: "EXPORTED",
      EXPORT_OPTION: "EXPORT_OPTION",
      IMPORTED_AT: "IMPORTED_AT",
      IN_USE: "IN_USE",
      ISSUED_AT: "ISSUED_AT",
      KEY_ALGORITHM: "KEY_ALGORITHM",
      MANAGED_BY: "MANAGED_BY",
      NOT_AFTER: "NOT_AFTER",
      NOT_BEFORE: "NOT_BEFORE",
      RENEWAL_ELIGIBILITY: "RENEWAL_ELIGIBILITY",
      RENEWAL_STATUS: "RENEWAL_STATUS",
      REVOKED_AT: "REVOKED_AT",
      STATUS: "STATUS",
      TYPE: "TYPE",
      VALIDATION_METHOD: "VALIDATION_METHOD"
    };
    var SearchCertificatesSortOrder = {
      ASCENDING: "ASCENDING",
      DESCENDING: "DESCENDING"
    };
    exports.ACM = ACM;
    exports.ACMClient = ACMClient2;
    exports.ACMServiceException = ACMServiceException;
    exports.ACMServiceException$ = ACMServiceException$;
    exports.AccessDeniedException = AccessDeniedException;
    exports.AccessDeniedException$ = AccessDeniedException$;
    exports.AcmCertificateMetadata$ = AcmCertificateMetadata$;
    exports.AcmCertificateMetadataFilter$ = AcmCertificateMetadataFilter$;
    exports.AcmeAccount$ = AcmeAccount$;
    exports.AcmeAccountStatus = AcmeAccountStatus;
    exports.AcmeAccountSummary$ = AcmeAccountSummary$;
    exports.AcmeAuthorizationBehavior = AcmeAuthorizationBehavior;
    exports.AcmeContact = AcmeContact;
    exports.AcmeDomainValidation$ = AcmeDomainValidation$;
    exports.AcmeDomainValidationFailureReason = AcmeDomainValidationFailureReason;
    exports.AcmeDomainValidationStatus = AcmeDomainValidationStatus;
    exports.AcmeDomainValidationSummary$ = AcmeDomainValidationSummary$;
    exports.AcmeEndpoint$ = AcmeEndpoint$;
    exports.AcmeEndpointStatus = AcmeEndpointStatus;
    exports.AcmeEndpointSummary$ = AcmeEndpointSummary$;
    exports.AcmeExternalAccountBinding$ = AcmeExternalAccountBinding$;
    exports.AcmeExternalAccountBindingSummary$ = AcmeExternalAccountBindingSummary$;
    exports.AddTagsToCertificate$ = AddTagsToCertificate$;
    exports.AddTagsToCertificateCommand = AddTagsToCertificateCommand2;
    exports.AddTagsToCertificateRequest$ = AddTagsToCertificateRequest$;
    exports.CertificateAuthority$ = CertificateAuthority$;
    exports.CertificateDetail$ = CertificateDetail$;
    exports.CertificateExport = CertificateExport;
    exports.CertificateFilter$ = CertificateFilter$;
    exports.CertificateFilterStatement$ = CertificateFilterStatement$;
    exports.CertificateKeyPairOrigin = CertificateKeyPairOrigin;
    exports.CertificateManagedBy = CertificateManagedBy;
    exports.CertificateMetadata$ = CertificateMetadata$;
    exports.CertificateOptions$ = CertificateOptions$;
    exports.CertificateSearchResult$ = CertificateSearchResult$;
    exports.CertificateStatus = CertificateStatus;
    exports.CertificateSummary$ = CertificateSummary$;
    exports.CertificateTransparencyLoggingPreference = CertificateTransparencyLoggingPreference;
    exports.CertificateType = CertificateType;
    exports.CommonNameFilter$ = CommonNameFilter$;
    exports.ComparisonOperator = ComparisonOperator;
    exports.ConflictException = ConflictException;
    exports.ConflictException$ = ConflictException$;
    exports.CreateAcmeDomainValidation$ = CreateAcmeDomainValidation$;
    exports.CreateAcmeDomainValidationCommand = CreateAcmeDomainValidationCommand;
    exports.CreateAcmeDomainValidationRequest$ = CreateAcmeDomainValidationRequest$;
    exports.CreateAcmeDomainValidationResponse$ = CreateAcmeDomainValidationResponse$;
    exports.CreateAcmeEndpoint$ = CreateAcmeEndpoint$;
    exports.CreateAcmeEndpointCommand = CreateAcmeEndpointCommand;
    exports.CreateAcmeEndpointRequest$ = CreateAcmeEndpointRequest$;
    exports.CreateAcmeEndpointResponse$ = CreateAcmeEndpointResponse$;
    exports.CreateAcmeExternalAccountBinding$ = CreateAcmeExternalAccountBinding$;
    exports.CreateAcmeExternalAccountBindingCommand = CreateAcmeExternalAccountBindingCommand;
    exports.CreateAcmeExternalAccountBindingRequest$ = CreateAcmeExternalAccountBindingRequest$;
    exports.CreateAcmeExternalAccountBindingResponse$ = CreateAcmeExternalAccountBindingResponse$;
    exports.CustomAttribute$ = CustomAttribute$;
    exports.DeleteAcmeDomainValidation$ = DeleteAcmeDomainValidation$;
    exports.DeleteAcmeDomainValidationCommand = DeleteAcmeDomainValidationCommand;
    exports.DeleteAcmeDomainValidationRequest$ = DeleteAcmeDomainValidationRequest$;
    exports.DeleteAcmeEndpoint$ = DeleteAcmeEndpoint$;
    exports.DeleteAcmeEndpointCommand = DeleteAcmeEndpointCommand;
    exports.DeleteAcmeEndpointRequest$ = DeleteAcmeEndpointRequest$;
    exports.DeleteAcmeExternalAccountBinding$ = DeleteAcmeExternalAccountBinding$;
    exports.DeleteAcmeExternalAccountBindingCommand = DeleteAcmeExternalAccountBindingCommand;
    exports.DeleteAcmeExternalAccountBindingRequest$ = DeleteAcmeExternalAccountBindingRequest$;
    exports.DeleteCertificate$ = DeleteCertificate$;
    exports.DeleteCertificateCommand = DeleteCertificateCommand;
    exports.DeleteCertificateRequest$ = DeleteCertificateRequest$;
    exports.DescribeAcmeAccount$ = DescribeAcmeAccount$;
    exports.DescribeAcmeAccountCommand = DescribeAcmeAccountCommand;
    exports.DescribeAcmeAccountRequest$ = DescribeAcmeAccountRequest$;
    exports.DescribeAcmeAccountResponse$ = DescribeAcmeAccountResponse$;
    exports.DescribeAcmeDomainValidation$ = DescribeAcmeDomainValidation$;
    exports.DescribeAcmeDomainValidationCommand = DescribeAcmeDomainValidationCommand;
    exports.DescribeAcmeDomainValidationRequest$ = DescribeAcmeDomainValidationRequest$;
    exports.DescribeAcmeDomainValidationResponse$ = DescribeAcmeDomainValidationResponse$;
    exports.DescribeAcmeEndpoint$ = DescribeAcmeEndpoint$;
    exports.DescribeAcmeEndpointCommand = DescribeAcmeEndpointCommand;
    exports.DescribeAcmeEndpointRequest$ = DescribeAcmeEndpointRequest$;
    exports.DescribeAcmeEndpointResponse$ = DescribeAcmeEndpointResponse$;
    exports.DescribeAcmeExternalAccountBinding$ = DescribeAcmeExternalAccountBinding$;
    exports.DescribeAcmeExternalAccountBindingCommand = DescribeAcmeExternalAccountBindingCommand;
    exports.DescribeAcmeExternalAccountBindingRequest$ = DescribeAcmeExternalAccountBindingRequest$;
    exports.DescribeAcmeExternalAccountBindingResponse$ = DescribeAcmeExternalAccountBindingResponse$;
    exports.DescribeCertificate$ = DescribeCertificate$;
    exports.DescribeCertificateCommand = DescribeCertificateCommand2;
    exports.DescribeCertificateRequest$ = DescribeCertificateRequest$;
    exports.DescribeCertificateResponse$ = DescribeCertificateResponse$;
    exports.DistinguishedName$ = DistinguishedName$;
    exports.DnsNameFilter$ = DnsNameFilter$;
    exports.DnsPrevalidationDetails$ = DnsPrevalidationDetails$;
    exports.DnsPrevalidationOptions$ = DnsPrevalidationOptions$;
    exports.DnsValidationChallenge$ = DnsValidationChallenge$;
    exports.DomainScope$ = DomainScope$;
    exports.DomainScopeOption = DomainScopeOption;
    exports.DomainStatus = DomainStatus;
    exports.DomainValidation$ = DomainValidation$;
    exports.DomainValidationMethodUpdateSummary$ = DomainValidationMethodUpdateSummary$;
    exports.DomainValidationOption$ = DomainValidationOption$;
    exports.DomainValidationSummary$ = DomainValidationSummary$;
    exports.EmailValidationChallenge$ = EmailValidationChallenge$;
    exports.Expiration$ = Expiration$;
    exports.ExpiryEventsConfiguration$ = ExpiryEventsConfiguration$;
    exports.ExportCertificate$ = ExportCertificate$;
    exports.ExportCertificateCommand = ExportCertificateCommand;
    exports.ExportCertificateRequest$ = ExportCertificateRequest$;
    exports.ExportCertificateResponse$ = ExportCertificateResponse$;
    exports.ExtendedKeyUsage$ = ExtendedKeyUsage$;
    exports.ExtendedKeyUsageName = ExtendedKeyUsageName;
    exports.FailureDetails$ = FailureDetails$;
    exports.FailureReason = FailureReason;
    exports.Filters$ = Filters$;
    exports.GeneralName$ = GeneralName$;
    exports.GetAccountConfiguration$ = GetAccountConfiguration$;
    exports.GetAccountConfigurationCommand = GetAccountConfigurationCommand;
    exports.GetAccountConfigurationResponse$ = GetAccountConfigurationResponse$;
    exports.GetAcmeExternalAccountBindingCredentials$ = GetAcmeExternalAccountBindingCredentials$;
    exports.GetAcmeExternalAccountBindingCredentialsCommand = GetAcmeExternalAccountBindingCredentialsCommand;
    exports.GetAcmeExternalAccountBindingCredentialsRequest$ = GetAcmeExternalAccountBindingCredentialsRequest$;
    exports.GetAcmeExternalAccountBindingCredentialsResponse$ = GetAcmeExternalAccountBindingCredentialsResponse$;
    exports.GetCertificate$ = GetCertificate$;
    exports.GetCertificateCommand = GetCertificateCommand;
    exports.GetCertificateRequest$ = GetCertificateRequest$;
    exports.GetCertificateResponse$ = GetCertificateResponse$;
    exports.HttpRedirect$ = HttpRedirect$;
    exports.ImportCertificate$ = ImportCertificate$;
    exports.ImportCertificateCommand = ImportCertificateCommand2;
    exports.ImportCertificateRequest$ = ImportCertificateRequest$;
    exports.ImportCertificateResponse$ = ImportCertificateResponse$;
    exports.InternalServerException = InternalServerException;
    exports.InternalServerException$ = InternalServerException$;
    exports.InvalidArgsException = InvalidArgsException;
    exports.InvalidArgsException$ = InvalidArgsException$;
    exports.InvalidArnException = InvalidArnException;
    exports.InvalidArnException$ = InvalidArnException$;
    exports.InvalidDomainValidationOptionsException = InvalidDomainValidationOptionsException;
    exports.InvalidDomainValidationOptionsException$ = InvalidDomainValidationOptionsException$;
    exports.InvalidParameterException = InvalidParameterException;
    exports.InvalidParameterException$ = InvalidParameterException$;
    exports.InvalidStateException = InvalidStateException;
    exports.InvalidStateException$ = InvalidStateException$;
    exports.InvalidTagException = InvalidTagException;
    exports.InvalidTagException$ = InvalidTagException$;
    exports.KeyAlgorithm = KeyAlgorithm;
    exports.KeyUsage$ = KeyUsage$;
    exports.KeyUsageName = KeyUsageName;
    exports.LimitExceededException = LimitExceededException;
    exports.LimitExceededException$ = LimitExceededException$;
    exports.ListAcmeAccounts$ = ListAcmeAccounts$;
    exports.ListAcmeAccountsCommand = ListAcmeAccountsCommand;
    exports.ListAcmeAccountsRequest$ = ListAcmeAccountsRequest$;
    exports.ListAcmeAccountsResponse$ = ListAcmeAccountsResponse$;
    exports.ListAcmeDomainValidations$ = ListAcmeDomainValidations$;
    exports.ListAcmeDomainValidationsCommand = ListAcmeDomainValidationsCommand;
    exports.ListAcmeDomainValidationsRequest$ = ListAcmeDomainValidationsRequest$;
    exports.ListAcmeDomainValidationsResponse$ = ListAcmeDomainValidationsResponse$;
    exports.ListAcmeEndpoints$ = ListAcmeEndpoints$;
    exports.ListAcmeEndpointsCommand = ListAcmeEndpointsCommand;
    exports.ListAcmeEndpointsRequest$ = ListAcmeEndpointsRequest$;
    exports.ListAcmeEndpointsResponse$ = ListAcmeEndpointsResponse$;
    exports.ListAcmeExternalAccountBindings$ = ListAcmeExternalAccountBindings$;
    exports.ListAcmeExternalAccountBindingsCommand = ListAcmeExternalAccountBindingsCommand;
    exports.ListAcmeExternalAccountBindingsRequest$ = ListAcmeExternalAccountBindingsRequest$;
    exports.ListAcmeExternalAccountBindingsResponse$ = ListAcmeExternalAccountBindingsResponse$;
    exports.ListCertificateDomainValidations$ = ListCertificateDomainValidations$;
    exports.ListCertificateDomainValidationsCommand = ListCertificateDomainValidationsCommand;
    exports.ListCertificateDomainValidationsRequest$ = ListCertificateDomainValidationsRequest$;
    exports.ListCertificateDomainValidationsResponse$ = ListCertificateDomainValidationsResponse$;
    exports.ListCertificates$ = ListCertificates$;
    exports.ListCertificatesCommand = ListCertificatesCommand2;
    exports.ListCertificatesRequest$ = ListCertificatesRequest$;
    exports.ListCertificatesResponse$ = ListCertificatesResponse$;
    exports.ListTagsForCertificate$ = ListTagsForCertificate$;
    exports.ListTagsForCertificateCommand = ListTagsForCertificateCommand;
    exports.ListTagsForCertificateRequest$ = ListTagsForCertificateRequest$;
    exports.ListTagsForCertificateResponse$ = ListTagsForCertificateResponse$;
    exports.ListTagsForResource$ = ListTagsForResource$;
    exports.ListTagsForResourceCommand = ListTagsForResourceCommand;
    exports.ListTagsForResourceRequest$ = ListTagsForResourceRequest$;
    exports.ListTagsForResourceResponse$ = ListTagsForResourceResponse$;
    exports.OtherName$ = OtherName$;
    exports.PrevalidationDetails$ = PrevalidationDetails$;
    exports.PrevalidationOptions$ = PrevalidationOptions$;
    exports.PrevalidationType = PrevalidationType;
    exports.PublicCertificateAuthority$ = PublicCertificateAuthority$;
    exports.PublicKeyAlgorithm = PublicKeyAlgorithm;
    exports.PutAccountConfiguration$ = PutAccountConfiguration$;
    exports.PutAccountConfigurationCommand = PutAccountConfigurationCommand;
    exports.PutAccountConfigurationRequest$ = PutAccountConfigurationRequest$;
    exports.RecordType = RecordType;
    exports.RemoveTagsFromCertificate$ = RemoveTagsFromCertificate$;
    exports.RemoveTagsFromCertificateCommand = RemoveTagsFromCertificateCommand;
    exports.RemoveTagsFromCertificateRequest$ = RemoveTagsFromCertificateRequest$;
    exports.RenewCertificate$ = RenewCertificate$;
    exports.RenewCertificateCommand = RenewCertificateCommand;
    exports.RenewCertificateRequest$ = RenewCertificateRequest$;
    exports.RenewalEligibility = RenewalEligibility;
    exports.RenewalStatus = RenewalStatus;
    exports.RenewalSummary$ = RenewalSummary$;
    exports.RequestCertificate$ = RequestCertificate$;
    exports.RequestCertificateCommand = RequestCertificateCommand;
    exports.RequestCertificateRequest$ = RequestCertificateRequest$;
    exports.RequestCertificateResponse$ = RequestCertificateResponse$;
    exports.RequestInProgressException = RequestInProgressException;
    exports.RequestInProgressException$ = RequestInProgressException$;
    exports.ResendValidationEmail$ = ResendValidationEmail$;
    exports.ResendValidationEmailCommand = ResendValidationEmailCommand;
    exports.ResendValidationEmailRequest$ = ResendValidationEmailRequest$;
    exports.ResourceInUseException = ResourceInUseException;
    exports.ResourceInUseException$ = ResourceInUseException$;
    exports.ResourceNotFoundException = ResourceNotFoundException;
    exports.ResourceNotFoundException$ = ResourceNotFoundException$;
    exports.ResourceRecord$ = ResourceRecord$;
    exports.RevocationReason = RevocationReason;
    exports.RevokeAcmeAccount$ = RevokeAcmeAccount$;
    exports.RevokeAcmeAccountCommand = RevokeAcmeAccountCommand;
    exports.RevokeAcmeAccountRequest$ = RevokeAcmeAccountRequest$;
    exports.RevokeAcmeExternalAccountBinding$ = RevokeAcmeExternalAccountBinding$;
    exports.RevokeAcmeExternalAccountBindingCommand = RevokeAcmeExternalAccountBindingCommand;
    exports.RevokeAcmeExternalAccountBindingRequest$ = RevokeAcmeExternalAccountBindingRequest$;
    exports.RevokeCertificate$ = RevokeCertificate$;
    exports.RevokeCertificateCommand = RevokeCertificateCommand;
    exports.RevokeCertificateRequest$ = RevokeCertificateRequest$;
    exports.RevokeCertificateResponse$ = RevokeCertificateResponse$;
    exports.SearchCertificates$ = SearchCertificates$;
    exports.SearchCertificatesCommand = SearchCertificatesCommand;
    exports.SearchCertificatesRequest$ = SearchCertificatesRequest$;
    exports.SearchCertificatesResponse$ = SearchCertificatesResponse$;
    exports.SearchCertificatesSortBy = SearchCertificatesSortBy;
    exports.SearchCertificatesSortOrder = SearchCertificatesSortOrder;
    exports.ServiceQuotaExceededException = ServiceQuotaExceededException;
    exports.ServiceQuotaExceededException$ = ServiceQuotaExceededException$;
    exports.SortBy = SortBy;
    exports.SortOrder = SortOrder;
    exports.SubjectAlternativeNameFilter$ = SubjectAlternativeNameFilter$;
    exports.SubjectFilter$ = SubjectFilter$;
    exports.Tag$ = Tag$;
    exports.TagPolicyException = TagPolicyException;
    exports.TagPolicyException$ = TagPolicyException$;
    exports.TagResource$ = TagResource$;
    exports.TagResourceCommand = TagResourceCommand;
    exports.TagResourceRequest$ = TagResourceRequest$;
    exports.ThrottlingException = ThrottlingException;
    exports.ThrottlingException$ = ThrottlingException$;
    exports.ThrottlingReason$ = ThrottlingReason$;
    exports.TimeType = TimeType;
    exports.TimestampRange$ = TimestampRange$;
    exports.TooManyTagsException = TooManyTagsException;
    exports.TooManyTagsException$ = TooManyTagsException$;
    exports.UntagResource$ = UntagResource$;
    exports.UntagResourceCommand = UntagResourceCommand;
    exports.UntagResourceRequest$ = UntagResourceRequest$;
    exports.UpdateAcmeDomainValidation$ = UpdateAcmeDomainValidation$;
    exports.UpdateAcmeDomainValidationCommand = UpdateAcmeDomainValidationCommand;
    exports.UpdateAcmeDomainValidationRequest$ = UpdateAcmeDomainValidationRequest$;
    exports.UpdateAcmeEndpoint$ = UpdateAcmeEndpoint$;
    exports.UpdateAcmeEndpointCommand = UpdateAcmeEndpointCommand;
    exports.UpdateAcmeEndpointRequest$ = UpdateAcmeEndpointRequest$;
    exports.UpdateCertificateOptions$ = UpdateCertificateOptions$;
    exports.UpdateCertificateOptionsCommand = UpdateCertificateOptionsCommand;
    exports.UpdateCertificateOptionsRequest$ = UpdateCertificateOptionsRequest$;
    exports.UpdateStatus = UpdateStatus;
    exports.UpdateSummary$ = UpdateSummary$;
    exports.UpdateType = UpdateType;
    exports.ValidationChallenge$ = ValidationChallenge$;
    exports.ValidationConfiguration$ = ValidationConfiguration$;
    exports.ValidationException = ValidationException;
    exports.ValidationException$ = ValidationException$;
    exports.ValidationMethod = ValidationMethod;
    exports.X509AttributeFilter$ = X509AttributeFilter$;
    exports.X509Attributes$ = X509Attributes$;
    exports.errorTypeRegistries = errorTypeRegistries;
    exports.paginateListAcmeAccounts = paginateListAcmeAccounts;
    exports.paginateListAcmeDomainValidations = paginateListAcmeDomainValidations;
    exports.paginateListAcmeEndpoints = paginateListAcmeEndpoints;
    exports.paginateListAcmeExternalAccountBindings = paginateListAcmeExternalAccountBindings;
    exports.paginateListCertificateDomainValidations = paginateListCertificateDomainValidations;
    exports.paginateListCertificates = paginateListCertificates;
    exports.paginateSearchCertificates = paginateSearchCertificates;
    exports.waitForAcmeDomainValidationDeleted = waitForAcmeDomainValidationDeleted;
    exports.waitForAcmeDomainValidationValidated = waitForAcmeDomainValidationValidated;
    exports.waitForAcmeEndpointActive = waitForAcmeEndpointActive;
    exports.waitForAcmeEndpointDeleted = waitForAcmeEndpointDeleted;
    exports.waitForCertificateValidated = waitForCertificateValidated;
    exports.waitUntilAcmeDomainValidationDeleted = waitUntilAcmeDomainValidationDeleted;
    exports.waitUntilAcmeDomainValidationValidated = waitUntilAcmeDomainValidationValidated;
    exports.waitUntilAcmeEndpointActive = waitUntilAcmeEndpointActive;
    exports.waitUntilAcmeEndpointDeleted = waitUntilAcmeEndpointDeleted;
    exports.waitUntilCertificateValidated = waitUntilCertificateValidated;
  }
});

// src/deploy/acm/target.ts
var import_client_acm = __toESM(require_dist_cjs4(), 1);
var import_credential_providers = __toESM(require_dist_cjs3(), 1);

// src/deploy/acm/import-rules.ts
import { createPrivateKey, X509Certificate } from "node:crypto";
var MAX_CERTIFICATE_BYTES = 32768;
var MAX_CHAIN_BYTES = 2097152;
var MAX_PRIVATE_KEY_BYTES = 5120;
var RSA_SIZES = [1024, 2048, 3072, 4096];
var EC_CURVES = {
  prime256v1: "EC_prime256v1",
  secp384r1: "EC_secp384r1",
  secp521r1: "EC_secp521r1"
};
var SUPPORTED = "RSA 1024, 2048, 3072 or 4096 bits, or ECDSA P-256, P-384 or P-521";
function fail(why) {
  throw new Error(`acm: ${why}`);
}
function acmKeyAlgorithm(key) {
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === "rsa" && RSA_SIZES.includes(details.modulusLength ?? 0))
    return `RSA_${details.modulusLength}`;
  const curve = key.asymmetricKeyType === "ec" ? EC_CURVES[details.namedCurve ?? ""] : void 0;
  if (curve) return curve;
  const what = key.asymmetricKeyType === "rsa" ? `RSA ${details.modulusLength} bits` : key.asymmetricKeyType === "ec" ? `ECDSA ${details.namedCurve}` : key.asymmetricKeyType ?? "of an unknown type";
  return fail(
    `the certificate's key is ${what}; ACM imports ${SUPPORTED} keys: set key-type to ecdsa-p256 or rsa-2048`
  );
}
function privateKeyOf(keyPem) {
  if (/-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type: 4,ENCRYPTED/.test(keyPem))
    fail("the private key is encrypted; ACM imports unencrypted keys only: give it the key without a passphrase");
  if (Buffer.byteLength(keyPem) > MAX_PRIVATE_KEY_BYTES)
    fail(`the private key is ${Buffer.byteLength(keyPem)} bytes of PEM; ACM takes at most ${MAX_PRIVATE_KEY_BYTES}`);
  try {
    return createPrivateKey(keyPem);
  } catch {
    return fail("the private key is not a PEM private key ACM can read; expected PKCS#8 or PKCS#1 PEM");
  }
}
function parseCertificate(pem, what) {
  try {
    return new X509Certificate(pem);
  } catch (cause) {
    throw new Error(`acm: the ${what} is not a PEM certificate`, { cause });
  }
}
function checkChainOrder(leaf, chain) {
  if (chain.some((ca) => ca.raw.equals(leaf.raw)))
    fail("the chain holds the certificate itself; ACM wants the intermediates only (chain.pem, not fullchain.pem)");
  let child = leaf;
  for (const [i, ca] of chain.entries()) {
    if (!child.checkIssued(ca) || !child.verify(ca.publicKey))
      fail(
        `the chain is out of order: certificate ${i + 1} of the chain (${ca.subject.replace(/\n/g, ", ")}) did not issue ${i === 0 ? "the certificate" : `certificate ${i}`}; ACM wants the leaf's issuer first, then its issuer`
      );
    child = ca;
  }
}
function checkImportRules(certificate, nowMs) {
  const leafPems = splitPemCertificates(certificate.certPem);
  if (leafPems.length !== 1)
    fail(`the certificate holds ${leafPems.length} certificates; ACM imports one, with the others as its chain`);
  if (Buffer.byteLength(certificate.certPem) > MAX_CERTIFICATE_BYTES)
    fail(
      `the certificate is ${Buffer.byteLength(certificate.certPem)} bytes; ACM takes at most ${MAX_CERTIFICATE_BYTES}`
    );
  if (Buffer.byteLength(certificate.chainPem) > MAX_CHAIN_BYTES)
    fail(`the chain is ${Buffer.byteLength(certificate.chainPem)} bytes; ACM takes at most ${MAX_CHAIN_BYTES}`);
  const leaf = parseCertificate(certificate.certPem, "certificate");
  const chain = splitPemCertificates(certificate.chainPem).map(
    (pem, i) => parseCertificate(pem, `chain's certificate ${i + 1}`)
  );
  const key = privateKeyOf(certificate.keyPem);
  const keyAlgorithm = acmKeyAlgorithm(key);
  if (!leaf.checkPrivateKey(key)) fail("the private key does not belong to the certificate; ACM refuses the pair");
  const [from, until] = [Date.parse(leaf.validFrom), Date.parse(leaf.validTo)];
  if (nowMs < from || nowMs > until)
    fail(
      `the certificate is valid from ${leaf.validFrom} to ${leaf.validTo}, not now; ACM imports only a current certificate`
    );
  const selfSigned = leaf.checkIssued(leaf);
  if (chain.length === 0 && !selfSigned)
    fail("the chain is empty; ACM needs the intermediates of a certificate a CA issued (the issuer's chain.pem)");
  checkChainOrder(leaf, chain);
  return {
    certificate: Buffer.from(certificate.certPem),
    chain: chain.length > 0 ? Buffer.from(certificate.chainPem) : void 0,
    privateKey: Buffer.from(certificate.keyPem),
    keyAlgorithm
  };
}

// src/deploy/acm/target.ts
var RETRYABLE = /* @__PURE__ */ new Set([
  "ThrottlingException",
  "Throttling",
  "RequestLimitExceeded",
  "InternalFailure",
  "ServiceUnavailable"
]);
var CREDENTIAL_CODES = /* @__PURE__ */ new Set([
  "UnrecognizedClientException",
  "InvalidSignatureException",
  "InvalidClientTokenId",
  "SignatureDoesNotMatch",
  "ExpiredTokenException",
  "ExpiredToken",
  "IncompleteSignature",
  "MissingAuthenticationTokenException"
]);
var RETRY_POLICY = CLOUD_API_RETRY_POLICY;
var ALL_KEY_TYPES = [
  "RSA_1024",
  "RSA_2048",
  "RSA_3072",
  "RSA_4096",
  "EC_prime256v1",
  "EC_secp384r1",
  "EC_secp521r1"
];
function awsFault(error) {
  const e = error;
  return { code: e.name ?? "Error", status: e.$metadata?.httpStatusCode, message: e.message ?? String(error) };
}
function throttled(error) {
  const { code, status } = awsFault(error);
  return RETRYABLE.has(code) || status !== void 0 && status >= 500 ? { why: code } : void 0;
}
function plainSerial(serial) {
  return serial.replace(/:/g, "").toLowerCase().replace(/^0+(?=.)/, "");
}
function previousArns(previous) {
  const arns = /* @__PURE__ */ new Map();
  for (const arn of previous?.id.split(",") ?? []) {
    const region = arnRegion(arn.trim());
    if (region) arns.set(region, arn.trim());
  }
  for (const [region, arn] of Object.entries(previous?.details ?? {}))
    if (arnRegion(arn) === region) arns.set(region, arn);
  return arns;
}
var AcmTarget = class {
  name = "acm";
  #settings;
  #context;
  #regions;
  #clients = /* @__PURE__ */ new Map();
  constructor(settings, context) {
    this.#settings = settings;
    this.#context = context;
    this.#regions = resolveRegions(settings, context.env);
  }
  async deploy(certificate, previous) {
    const material = checkImportRules(certificate, this.#context.clock.now());
    const known = previousArns(previous);
    const arns = await settleAll(
      this.#regions.map((region) => this.#deployRegion(region, certificate, material, known.get(region)))
    );
    const details = Object.fromEntries(this.#regions.map((region, i) => [region, arns[i] ?? ""]));
    return { serial: certificate.serial, id: arns.join(","), details, at: this.#context.clock.now() };
  }
  /** Puts the certificate into one region; returns the ARN that holds it there. */
  async #deployRegion(region, certificate, material, previousArn) {
    const adopted = this.#settings.adopted.get(region);
    if (adopted !== void 0 && adopted !== previousArn) return this.#adopt(region, adopted, material);
    if (previousArn !== void 0) {
      const reimported = await this.#reimport(region, previousArn, material);
      if (reimported) return previousArn;
    }
    const imported = await this.#findImported(region, certificate);
    if (imported !== void 0) {
      this.#context.logger.info(`acm: ${region} already holds this certificate as ${imported}; keeping it`);
      return imported;
    }
    const arn = await this.#importNew(region, material);
    this.#context.logger.info(`acm: imported into ${region} as ${arn}`);
    return arn;
  }
  /** Re-imports into a certificate acm-certificate-arn names, after checking that ACM lets certwright replace it. */
  async #adopt(region, arn, material) {
    const described = await this.#call(
      region,
      "DescribeCertificate",
      arn,
      (client) => client.send(new import_client_acm.DescribeCertificateCommand({ CertificateArn: arn }))
    );
    const type = described.Certificate?.Type;
    if (type !== "IMPORTED")
      throw new Error(
        `acm: acm-certificate-arn ${arn} is an ${type ?? "unknown"} certificate; ACM re-imports only into certificates that were imported: give the ARN of an imported one, or drop acm-certificate-arn`
      );
    await this.#call(
      region,
      "ImportCertificate",
      arn,
      (client) => client.send(new import_client_acm.ImportCertificateCommand({ ...this.#body(material), CertificateArn: arn }))
    );
    if (this.#settings.tags.length > 0)
      await this.#call(
        region,
        "AddTagsToCertificate",
        arn,
        (client) => client.send(new import_client_acm.AddTagsToCertificateCommand({ CertificateArn: arn, Tags: [...this.#settings.tags] }))
      );
    this.#context.logger.info(`acm: re-imported into ${arn} (adopted)`);
    return arn;
  }
  /**
   * Re-imports into the ARN the state recorded; false when that certificate no longer exists
   * (deleted by hand: ACM refuses to delete one in use), so a new one is imported instead.
   */
  async #reimport(region, arn, material) {
    try {
      await this.#call(
        region,
        "ImportCertificate",
        arn,
        (client) => client.send(new import_client_acm.ImportCertificateCommand({ ...this.#body(material), CertificateArn: arn }))
      );
      this.#context.logger.info(`acm: re-imported into ${arn}`);
      return true;
    } catch (error) {
      if (awsFault(error.cause).code !== "ResourceNotFoundException") throw error;
      this.#context.logger.warn(
        `acm: ${arn} no longer exists; importing a new certificate into ${region} (update anything that named the old ARN)`
      );
      return false;
    }
  }
  /**
   * A certificate of the region that already holds this one (same expiry, then same serial): what
   * an earlier run imported before it failed elsewhere, so a retry does not import it twice.
   */
  async #findImported(region, certificate) {
    const summaries = await allPages(
      `acm: ListCertificates in ${region}`,
      {},
      async (cursor) => {
        const page = await this.#call(
          region,
          "ListCertificates",
          region,
          (client) => client.send(
            new import_client_acm.ListCertificatesCommand({ ...cursor, Includes: { keyTypes: ALL_KEY_TYPES }, MaxItems: 1e3 })
          )
        );
        return {
          items: page.CertificateSummaryList ?? [],
          next: page.NextToken ? { NextToken: page.NextToken } : void 0
        };
      }
    );
    const notAfter = Math.floor(certificate.notAfter.getTime() / 1e3);
    const candidates = summaries.filter(
      (s) => s.Type === "IMPORTED" && s.CertificateArn && Math.floor((s.NotAfter?.getTime() ?? 0) / 1e3) === notAfter
    );
    for (const candidate of candidates) {
      const arn = candidate.CertificateArn ?? "";
      const described = await this.#call(
        region,
        "DescribeCertificate",
        arn,
        (client) => client.send(new import_client_acm.DescribeCertificateCommand({ CertificateArn: arn }))
      );
      if (plainSerial(described.Certificate?.Serial ?? "") === plainSerial(certificate.serial)) return arn;
    }
    return void 0;
  }
  async #importNew(region, material) {
    const tags = this.#settings.tags.length > 0 ? { Tags: [...this.#settings.tags] } : {};
    const result = await this.#call(
      region,
      "ImportCertificate",
      `a new certificate in ${region}`,
      (client) => client.send(new import_client_acm.ImportCertificateCommand({ ...this.#body(material), ...tags }))
    );
    if (!result.CertificateArn) throw new Error(`acm: ImportCertificate in ${region} answered without an ARN`);
    return result.CertificateArn;
  }
  #body(material) {
    return {
      Certificate: material.certificate,
      PrivateKey: material.privateKey,
      ...material.chain ? { CertificateChain: material.chain } : {}
    };
  }
  /** One ACM client per region, all on the run's HTTP client and the SDK's default credential chain. */
  #client(region) {
    let client = this.#clients.get(region);
    if (!client) {
      const requestHandler = smithyHandlerOver(this.#context.http);
      client = new import_client_acm.ACMClient({
        region,
        ...this.#settings.endpoint ? { endpoint: this.#settings.endpoint } : {},
        credentials: (0, import_credential_providers.fromNodeProviderChain)({ clientConfig: { region, requestHandler } }),
        requestHandler,
        // Retries are ours (bounded, logged, on the run's clock); the SDK sends each call once.
        maxAttempts: 1,
        customUserAgent: USER_AGENT
      });
      this.#clients.set(region, client);
    }
    return client;
  }
  /** One API call: throttling and 5xx answers retried, anything else one line naming the call and the fix. */
  #call(region, operation, target, send) {
    const client = this.#client(region);
    return callWithRetries(
      this.#context,
      RETRY_POLICY,
      `acm: ${operation} for ${target}`,
      () => send(client),
      throttled,
      (error, note) => explain(`acm: ${operation} for ${target} in ${region}`, error, note)
    );
  }
};
function explain(where, error, retried) {
  const { code, message } = awsFault(error);
  if (code === "CredentialsProviderError")
    return new Error(
      "acm: no AWS credentials found; in GitHub Actions run aws-actions/configure-aws-credentials with role-to-assume (OIDC) before this step, or set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY",
      { cause: error }
    );
  if (CREDENTIAL_CODES.has(code))
    return new Error(
      `${where}: AWS refused the credentials (${code}); check the credentials step before this one (the access key and its secret, or that the role session has not expired)`,
      { cause: error }
    );
  if (code === "AccessDeniedException" || code === "AccessDenied")
    return new Error(
      `${where} was denied (${code}): the credentials need ${ACM_ACTIONS.join(", ")}; see the least-privilege policy in the acm section of docs/deploy.md`,
      { cause: error }
    );
  if (code === "LimitExceededException")
    return new Error(
      `${where}: ${code}: ${message}; delete unused imported certificates or ask AWS for a higher ACM quota`,
      { cause: error }
    );
  if (code === "ResourceNotFoundException" || code === "InvalidArnException")
    return new Error(`${where}: ${code}: ${message}; check acm-certificate-arn and acm-regions`, { cause: error });
  return new Error(`${where}: ${code}${retried}: ${message}`, { cause: error });
}
export {
  AcmTarget
};
