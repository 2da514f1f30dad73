import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);
import {
  metadata as metadata5,
  parseCertificateName,
  parseVaultUrl
} from "./chunk-AUO4QLKG.js";
import {
  GITHUB_API_URL,
  GITHUB_REPOSITORY,
  GITHUB_TOKEN,
  STORE_OPTIONS,
  SecretWriter,
  describeSecretTarget,
  githubApiUrl,
  inOrder,
  parseRepository,
  parseSecretPlace,
  refusedAsSecret,
  refusedAsStoreSetting,
  uniqueOptions,
  usableSecretName,
  workflowFile
} from "./chunk-432U3UQU.js";
import {
  DEFAULT_API_URL as DEFAULT_API_URL3,
  metadata as metadata6,
  parseCertificateId,
  parseLocation,
  parseProjectId
} from "./chunk-FCEZFUTQ.js";
import {
  runCommand
} from "./chunk-OB4OUFN5.js";
import {
  metadata as metadata3
} from "./chunk-6I5QMOKT.js";
import {
  acmKey,
  metadata as metadata4,
  parseAcmSettings
} from "./chunk-KDJURYN6.js";
import {
  shownUrl
} from "./chunk-TH7D5OD5.js";
import {
  DEFAULT_API_URL,
  RESOURCE_GROUP,
  SUBSCRIPTION_ID,
  metadata,
  parseZoneTarget
} from "./chunk-JXHFAGGQ.js";
import {
  DEFAULT_API_URL as DEFAULT_API_URL2,
  metadata as metadata2
} from "./chunk-FKCKQQ54.js";
import {
  errorMessage
} from "./chunk-HXHQ2ZRY.js";
import {
  ZoneIds,
  parseAcmeDnsCredentials,
  sharedAccountProblem
} from "./chunk-S7CSDXG7.js";
import {
  booleanOption,
  integerOption,
  isLoopbackHost,
  optionalOption,
  parseUrl,
  refusePlainHttp,
  requireOption,
  secondsOption,
  splitList,
  urlOption
} from "./chunk-K34JUBMG.js";
import {
  challengeRecordName,
  domainNameProblem,
  hostNameProblem,
  isInZone,
  normalizeName,
  quotedName
} from "./chunk-OYDUDBUO.js";
import {
  __commonJS,
  __require,
  __toESM
} from "./chunk-DAX5P5NA.js";

// node_modules/dns-packet/types.js
var require_types = __commonJS({
  "node_modules/dns-packet/types.js"(exports) {
    "use strict";
    exports.toString = function(type) {
      switch (type) {
        case 1:
          return "A";
        case 10:
          return "NULL";
        case 28:
          return "AAAA";
        case 18:
          return "AFSDB";
        case 42:
          return "APL";
        case 257:
          return "CAA";
        case 60:
          return "CDNSKEY";
        case 59:
          return "CDS";
        case 37:
          return "CERT";
        case 5:
          return "CNAME";
        case 49:
          return "DHCID";
        case 32769:
          return "DLV";
        case 39:
          return "DNAME";
        case 48:
          return "DNSKEY";
        case 43:
          return "DS";
        case 55:
          return "HIP";
        case 13:
          return "HINFO";
        case 45:
          return "IPSECKEY";
        case 25:
          return "KEY";
        case 36:
          return "KX";
        case 29:
          return "LOC";
        case 15:
          return "MX";
        case 35:
          return "NAPTR";
        case 2:
          return "NS";
        case 47:
          return "NSEC";
        case 50:
          return "NSEC3";
        case 51:
          return "NSEC3PARAM";
        case 12:
          return "PTR";
        case 46:
          return "RRSIG";
        case 17:
          return "RP";
        case 24:
          return "SIG";
        case 6:
          return "SOA";
        case 99:
          return "SPF";
        case 33:
          return "SRV";
        case 44:
          return "SSHFP";
        case 32768:
          return "TA";
        case 249:
          return "TKEY";
        case 52:
          return "TLSA";
        case 250:
          return "TSIG";
        case 16:
          return "TXT";
        case 252:
          return "AXFR";
        case 251:
          return "IXFR";
        case 41:
          return "OPT";
        case 255:
          return "ANY";
      }
      return "UNKNOWN_" + type;
    };
    exports.toType = function(name) {
      switch (name.toUpperCase()) {
        case "A":
          return 1;
        case "NULL":
          return 10;
        case "AAAA":
          return 28;
        case "AFSDB":
          return 18;
        case "APL":
          return 42;
        case "CAA":
          return 257;
        case "CDNSKEY":
          return 60;
        case "CDS":
          return 59;
        case "CERT":
          return 37;
        case "CNAME":
          return 5;
        case "DHCID":
          return 49;
        case "DLV":
          return 32769;
        case "DNAME":
          return 39;
        case "DNSKEY":
          return 48;
        case "DS":
          return 43;
        case "HIP":
          return 55;
        case "HINFO":
          return 13;
        case "IPSECKEY":
          return 45;
        case "KEY":
          return 25;
        case "KX":
          return 36;
        case "LOC":
          return 29;
        case "MX":
          return 15;
        case "NAPTR":
          return 35;
        case "NS":
          return 2;
        case "NSEC":
          return 47;
        case "NSEC3":
          return 50;
        case "NSEC3PARAM":
          return 51;
        case "PTR":
          return 12;
        case "RRSIG":
          return 46;
        case "RP":
          return 17;
        case "SIG":
          return 24;
        case "SOA":
          return 6;
        case "SPF":
          return 99;
        case "SRV":
          return 33;
        case "SSHFP":
          return 44;
        case "TA":
          return 32768;
        case "TKEY":
          return 249;
        case "TLSA":
          return 52;
        case "TSIG":
          return 250;
        case "TXT":
          return 16;
        case "AXFR":
          return 252;
        case "IXFR":
          return 251;
        case "OPT":
          return 41;
        case "ANY":
          return 255;
        case "*":
          return 255;
      }
      if (name.toUpperCase().startsWith("UNKNOWN_")) return parseInt(name.slice(8));
      return 0;
    };
  }
});

// node_modules/dns-packet/rcodes.js
var require_rcodes = __commonJS({
  "node_modules/dns-packet/rcodes.js"(exports) {
    "use strict";
    exports.toString = function(rcode) {
      switch (rcode) {
        case 0:
          return "NOERROR";
        case 1:
          return "FORMERR";
        case 2:
          return "SERVFAIL";
        case 3:
          return "NXDOMAIN";
        case 4:
          return "NOTIMP";
        case 5:
          return "REFUSED";
        case 6:
          return "YXDOMAIN";
        case 7:
          return "YXRRSET";
        case 8:
          return "NXRRSET";
        case 9:
          return "NOTAUTH";
        case 10:
          return "NOTZONE";
        case 11:
          return "RCODE_11";
        case 12:
          return "RCODE_12";
        case 13:
          return "RCODE_13";
        case 14:
          return "RCODE_14";
        case 15:
          return "RCODE_15";
      }
      return "RCODE_" + rcode;
    };
    exports.toRcode = function(code) {
      switch (code.toUpperCase()) {
        case "NOERROR":
          return 0;
        case "FORMERR":
          return 1;
        case "SERVFAIL":
          return 2;
        case "NXDOMAIN":
          return 3;
        case "NOTIMP":
          return 4;
        case "REFUSED":
          return 5;
        case "YXDOMAIN":
          return 6;
        case "YXRRSET":
          return 7;
        case "NXRRSET":
          return 8;
        case "NOTAUTH":
          return 9;
        case "NOTZONE":
          return 10;
        case "RCODE_11":
          return 11;
        case "RCODE_12":
          return 12;
        case "RCODE_13":
          return 13;
        case "RCODE_14":
          return 14;
        case "RCODE_15":
          return 15;
      }
      return 0;
    };
  }
});

// node_modules/dns-packet/opcodes.js
var require_opcodes = __commonJS({
  "node_modules/dns-packet/opcodes.js"(exports) {
    "use strict";
    exports.toString = function(opcode) {
      switch (opcode) {
        case 0:
          return "QUERY";
        case 1:
          return "IQUERY";
        case 2:
          return "STATUS";
        case 3:
          return "OPCODE_3";
        case 4:
          return "NOTIFY";
        case 5:
          return "UPDATE";
        case 6:
          return "OPCODE_6";
        case 7:
          return "OPCODE_7";
        case 8:
          return "OPCODE_8";
        case 9:
          return "OPCODE_9";
        case 10:
          return "OPCODE_10";
        case 11:
          return "OPCODE_11";
        case 12:
          return "OPCODE_12";
        case 13:
          return "OPCODE_13";
        case 14:
          return "OPCODE_14";
        case 15:
          return "OPCODE_15";
      }
      return "OPCODE_" + opcode;
    };
    exports.toOpcode = function(code) {
      switch (code.toUpperCase()) {
        case "QUERY":
          return 0;
        case "IQUERY":
          return 1;
        case "STATUS":
          return 2;
        case "OPCODE_3":
          return 3;
        case "NOTIFY":
          return 4;
        case "UPDATE":
          return 5;
        case "OPCODE_6":
          return 6;
        case "OPCODE_7":
          return 7;
        case "OPCODE_8":
          return 8;
        case "OPCODE_9":
          return 9;
        case "OPCODE_10":
          return 10;
        case "OPCODE_11":
          return 11;
        case "OPCODE_12":
          return 12;
        case "OPCODE_13":
          return 13;
        case "OPCODE_14":
          return 14;
        case "OPCODE_15":
          return 15;
      }
      return 0;
    };
  }
});

// node_modules/dns-packet/classes.js
var require_classes = __commonJS({
  "node_modules/dns-packet/classes.js"(exports) {
    "use strict";
    exports.toString = function(klass) {
      switch (klass) {
        case 1:
          return "IN";
        case 2:
          return "CS";
        case 3:
          return "CH";
        case 4:
          return "HS";
        case 255:
          return "ANY";
      }
      return "UNKNOWN_" + klass;
    };
    exports.toClass = function(name) {
      switch (name.toUpperCase()) {
        case "IN":
          return 1;
        case "CS":
          return 2;
        case "CH":
          return 3;
        case "HS":
          return 4;
        case "ANY":
          return 255;
      }
      return 0;
    };
  }
});

// node_modules/dns-packet/optioncodes.js
var require_optioncodes = __commonJS({
  "node_modules/dns-packet/optioncodes.js"(exports) {
    "use strict";
    exports.toString = function(type) {
      switch (type) {
        // list at
        // https://www.iana.org/assignments/dns-parameters/dns-parameters.xhtml#dns-parameters-11
        case 1:
          return "LLQ";
        case 2:
          return "UL";
        case 3:
          return "NSID";
        case 5:
          return "DAU";
        case 6:
          return "DHU";
        case 7:
          return "N3U";
        case 8:
          return "CLIENT_SUBNET";
        case 9:
          return "EXPIRE";
        case 10:
          return "COOKIE";
        case 11:
          return "TCP_KEEPALIVE";
        case 12:
          return "PADDING";
        case 13:
          return "CHAIN";
        case 14:
          return "KEY_TAG";
        case 26946:
          return "DEVICEID";
      }
      if (type < 0) {
        return null;
      }
      return `OPTION_${type}`;
    };
    exports.toCode = function(name) {
      if (typeof name === "number") {
        return name;
      }
      if (!name) {
        return -1;
      }
      switch (name.toUpperCase()) {
        case "OPTION_0":
          return 0;
        case "LLQ":
          return 1;
        case "UL":
          return 2;
        case "NSID":
          return 3;
        case "OPTION_4":
          return 4;
        case "DAU":
          return 5;
        case "DHU":
          return 6;
        case "N3U":
          return 7;
        case "CLIENT_SUBNET":
          return 8;
        case "EXPIRE":
          return 9;
        case "COOKIE":
          return 10;
        case "TCP_KEEPALIVE":
          return 11;
        case "PADDING":
          return 12;
        case "CHAIN":
          return 13;
        case "KEY_TAG":
          return 14;
        case "DEVICEID":
          return 26946;
        case "OPTION_65535":
          return 65535;
      }
      const m = name.match(/_(\d+)$/);
      if (m) {
        return parseInt(m[1], 10);
      }
      return -1;
    };
  }
});

// node_modules/@leichtgewicht/ip-codec/index.cjs
var require_ip_codec = __commonJS({
  "node_modules/@leichtgewicht/ip-codec/index.cjs"(exports, module) {
    var ipCodec = (function(exports2) {
      "use strict";
      Object.defineProperty(exports2, "__esModule", {
        value: true
      });
      exports2.decode = decode;
      exports2.encode = encode;
      exports2.familyOf = familyOf;
      exports2.name = void 0;
      exports2.sizeOf = sizeOf;
      exports2.v6 = exports2.v4 = void 0;
      const v4Regex = /^(\d{1,3}\.){3,3}\d{1,3}$/;
      const v4Size = 4;
      const v6Regex = /^(::)?(((\d{1,3}\.){3}(\d{1,3}){1})?([0-9a-f]){0,4}:{0,2}){1,8}(::)?$/i;
      const v6Size = 16;
      const v4 = {
        name: "v4",
        size: v4Size,
        isFormat: (ip) => v4Regex.test(ip),
        encode(ip, buff, offset) {
          offset = ~~offset;
          buff = buff || new Uint8Array(offset + v4Size);
          const max = ip.length;
          let n = 0;
          for (let i = 0; i < max; ) {
            const c = ip.charCodeAt(i++);
            if (c === 46) {
              buff[offset++] = n;
              n = 0;
            } else {
              n = n * 10 + (c - 48);
            }
          }
          buff[offset] = n;
          return buff;
        },
        decode(buff, offset) {
          offset = ~~offset;
          return `${buff[offset++]}.${buff[offset++]}.${buff[offset++]}.${buff[offset]}`;
        }
      };
      exports2.v4 = v4;
      const v6 = {
        name: "v6",
        size: v6Size,
        isFormat: (ip) => ip.length > 0 && v6Regex.test(ip),
        encode(ip, buff, offset) {
          offset = ~~offset;
          let end = offset + v6Size;
          let fill = -1;
          let hexN = 0;
          let decN = 0;
          let prevColon = true;
          let useDec = false;
          buff = buff || new Uint8Array(offset + v6Size);
          for (let i = 0; i < ip.length; i++) {
            let c = ip.charCodeAt(i);
            if (c === 58) {
              if (prevColon) {
                if (fill !== -1) {
                  if (offset < end) buff[offset] = 0;
                  if (offset < end - 1) buff[offset + 1] = 0;
                  offset += 2;
                } else if (offset < end) {
                  fill = offset;
                }
              } else {
                if (useDec === true) {
                  if (offset < end) buff[offset] = decN;
                  offset++;
                } else {
                  if (offset < end) buff[offset] = hexN >> 8;
                  if (offset < end - 1) buff[offset + 1] = hexN & 255;
                  offset += 2;
                }
                hexN = 0;
                decN = 0;
              }
              prevColon = true;
              useDec = false;
            } else if (c === 46) {
              if (offset < end) buff[offset] = decN;
              offset++;
              decN = 0;
              hexN = 0;
              prevColon = false;
              useDec = true;
            } else {
              prevColon = false;
              if (c >= 97) {
                c -= 87;
              } else if (c >= 65) {
                c -= 55;
              } else {
                c -= 48;
                decN = decN * 10 + c;
              }
              hexN = (hexN << 4) + c;
            }
          }
          if (prevColon === false) {
            if (useDec === true) {
              if (offset < end) buff[offset] = decN;
              offset++;
            } else {
              if (offset < end) buff[offset] = hexN >> 8;
              if (offset < end - 1) buff[offset + 1] = hexN & 255;
              offset += 2;
            }
          } else if (fill === 0) {
            if (offset < end) buff[offset] = 0;
            if (offset < end - 1) buff[offset + 1] = 0;
            offset += 2;
          } else if (fill !== -1) {
            offset += 2;
            for (let i = Math.min(offset - 1, end - 1); i >= fill + 2; i--) {
              buff[i] = buff[i - 2];
            }
            buff[fill] = 0;
            buff[fill + 1] = 0;
            fill = offset;
          }
          if (fill !== offset && fill !== -1) {
            if (offset > end - 2) {
              offset = end - 2;
            }
            while (end > fill) {
              buff[--end] = offset < end && offset > fill ? buff[--offset] : 0;
            }
          } else {
            while (offset < end) {
              buff[offset++] = 0;
            }
          }
          return buff;
        },
        decode(buff, offset) {
          offset = ~~offset;
          let result = "";
          for (let i = 0; i < v6Size; i += 2) {
            if (i !== 0) {
              result += ":";
            }
            result += (buff[offset + i] << 8 | buff[offset + i + 1]).toString(16);
          }
          return result.replace(/(^|:)0(:0)*:0(:|$)/, "$1::$3").replace(/:{3,4}/, "::");
        }
      };
      exports2.v6 = v6;
      const name = "ip";
      exports2.name = name;
      function sizeOf(ip) {
        if (v4.isFormat(ip)) return v4.size;
        if (v6.isFormat(ip)) return v6.size;
        throw Error(`Invalid ip address: ${ip}`);
      }
      function familyOf(string) {
        return sizeOf(string) === v4.size ? 1 : 2;
      }
      function encode(ip, buff, offset) {
        offset = ~~offset;
        const size = sizeOf(ip);
        if (typeof buff === "function") {
          buff = buff(offset + size);
        }
        if (size === v4.size) {
          return v4.encode(ip, buff, offset);
        }
        return v6.encode(ip, buff, offset);
      }
      function decode(buff, offset, length) {
        offset = ~~offset;
        length = length || buff.length - offset;
        if (length === v4.size) {
          return v4.decode(buff, offset, length);
        }
        if (length === v6.size) {
          return v6.decode(buff, offset, length);
        }
        throw Error(`Invalid buffer size needs to be ${v4.size} for v4 or ${v6.size} for v6.`);
      }
      return "default" in exports2 ? exports2.default : exports2;
    })({});
    if (typeof define === "function" && define.amd) define([], function() {
      return ipCodec;
    });
    else if (typeof module === "object" && typeof exports === "object") module.exports = ipCodec;
  }
});

// node_modules/dns-packet/index.js
var require_dns_packet = __commonJS({
  "node_modules/dns-packet/index.js"(exports) {
    "use strict";
    var Buffer2 = __require("buffer").Buffer;
    var types = require_types();
    var rcodes = require_rcodes();
    var opcodes = require_opcodes();
    var classes = require_classes();
    var optioncodes = require_optioncodes();
    var ip = require_ip_codec();
    var QUERY_FLAG = 0;
    var RESPONSE_FLAG = 1 << 15;
    var FLUSH_MASK = 1 << 15;
    var NOT_FLUSH_MASK = ~FLUSH_MASK;
    var QU_MASK = 1 << 15;
    var NOT_QU_MASK = ~QU_MASK;
    var name = exports.name = {};
    name.encode = function(str, buf, offset, { mail = false } = {}) {
      if (!buf) buf = Buffer2.alloc(name.encodingLength(str));
      if (!offset) offset = 0;
      const oldOffset = offset;
      const n = str.replace(/^\.|\.$/gm, "");
      if (n.length) {
        let list = [];
        if (mail) {
          let localPart = "";
          n.split(".").forEach((label) => {
            if (label.endsWith("\\")) {
              localPart += (localPart.length ? "." : "") + label.slice(0, -1);
            } else {
              if (list.length === 0 && localPart.length) {
                list.push(localPart + "." + label);
              } else {
                list.push(label);
              }
            }
          });
        } else {
          list = n.split(".");
        }
        for (let i = 0; i < list.length; i++) {
          const len = buf.write(list[i], offset + 1);
          buf[offset] = len;
          offset += len + 1;
        }
      }
      buf[offset++] = 0;
      name.encode.bytes = offset - oldOffset;
      return buf;
    };
    name.encode.bytes = 0;
    name.decode = function(buf, offset, { mail = false } = {}) {
      if (!offset) offset = 0;
      const list = [];
      let oldOffset = offset;
      let totalLength = 0;
      let consumedBytes = 0;
      let jumped = false;
      while (true) {
        if (offset >= buf.length) {
          throw new Error("Cannot decode name (buffer overflow)");
        }
        const len = buf[offset++];
        consumedBytes += jumped ? 0 : 1;
        if (len === 0) {
          break;
        } else if ((len & 192) === 0) {
          if (offset + len > buf.length) {
            throw new Error("Cannot decode name (buffer overflow)");
          }
          totalLength += len + 1;
          if (totalLength > 254) {
            throw new Error("Cannot decode name (name too long)");
          }
          let label = buf.toString("utf-8", offset, offset + len);
          if (mail) {
            label = label.replace(/\./g, "\\.");
          }
          list.push(label);
          offset += len;
          consumedBytes += jumped ? 0 : len;
        } else if ((len & 192) === 192) {
          if (offset + 1 > buf.length) {
            throw new Error("Cannot decode name (buffer overflow)");
          }
          const jumpOffset = buf.readUInt16BE(offset - 1) - 49152;
          if (jumpOffset >= oldOffset) {
            throw new Error("Cannot decode name (bad pointer)");
          }
          offset = jumpOffset;
          oldOffset = jumpOffset;
          consumedBytes += jumped ? 0 : 1;
          jumped = true;
        } else {
          throw new Error("Cannot decode name (bad label)");
        }
      }
      name.decode.bytes = consumedBytes;
      return list.length === 0 ? "." : list.join(".");
    };
    name.decode.bytes = 0;
    name.encodingLength = function(n) {
      if (n === "." || n === "..") return 1;
      return Buffer2.byteLength(n.replace(/^\.|\.$/gm, "")) + 2;
    };
    var string = {};
    string.encode = function(s, buf, offset) {
      if (!buf) buf = Buffer2.alloc(string.encodingLength(s));
      if (!offset) offset = 0;
      const len = buf.write(s, offset + 1);
      buf[offset] = len;
      string.encode.bytes = len + 1;
      return buf;
    };
    string.encode.bytes = 0;
    string.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const len = buf[offset];
      const s = buf.toString("utf-8", offset + 1, offset + 1 + len);
      string.decode.bytes = len + 1;
      return s;
    };
    string.decode.bytes = 0;
    string.encodingLength = function(s) {
      return Buffer2.byteLength(s) + 1;
    };
    var header = {};
    header.encode = function(h, buf, offset) {
      if (!buf) buf = header.encodingLength(h);
      if (!offset) offset = 0;
      const flags = (h.flags || 0) & 32767;
      const type = h.type === "response" ? RESPONSE_FLAG : QUERY_FLAG;
      buf.writeUInt16BE(h.id || 0, offset);
      buf.writeUInt16BE(flags | type, offset + 2);
      buf.writeUInt16BE(h.questions.length, offset + 4);
      buf.writeUInt16BE(h.answers.length, offset + 6);
      buf.writeUInt16BE(h.authorities.length, offset + 8);
      buf.writeUInt16BE(h.additionals.length, offset + 10);
      return buf;
    };
    header.encode.bytes = 12;
    header.decode = function(buf, offset) {
      if (!offset) offset = 0;
      if (buf.length < 12) throw new Error("Header must be 12 bytes");
      const flags = buf.readUInt16BE(offset + 2);
      return {
        id: buf.readUInt16BE(offset),
        type: flags & RESPONSE_FLAG ? "response" : "query",
        flags: flags & 32767,
        flag_qr: (flags >> 15 & 1) === 1,
        opcode: opcodes.toString(flags >> 11 & 15),
        flag_aa: (flags >> 10 & 1) === 1,
        flag_tc: (flags >> 9 & 1) === 1,
        flag_rd: (flags >> 8 & 1) === 1,
        flag_ra: (flags >> 7 & 1) === 1,
        flag_z: (flags >> 6 & 1) === 1,
        flag_ad: (flags >> 5 & 1) === 1,
        flag_cd: (flags >> 4 & 1) === 1,
        rcode: rcodes.toString(flags & 15),
        questions: new Array(buf.readUInt16BE(offset + 4)),
        answers: new Array(buf.readUInt16BE(offset + 6)),
        authorities: new Array(buf.readUInt16BE(offset + 8)),
        additionals: new Array(buf.readUInt16BE(offset + 10))
      };
    };
    header.decode.bytes = 12;
    header.encodingLength = function() {
      return 12;
    };
    var runknown = exports.unknown = {};
    runknown.encode = function(data, buf, offset) {
      if (!buf) buf = Buffer2.alloc(runknown.encodingLength(data));
      if (!offset) offset = 0;
      buf.writeUInt16BE(data.length, offset);
      data.copy(buf, offset + 2);
      runknown.encode.bytes = data.length + 2;
      return buf;
    };
    runknown.encode.bytes = 0;
    runknown.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const len = buf.readUInt16BE(offset);
      const data = buf.slice(offset + 2, offset + 2 + len);
      runknown.decode.bytes = len + 2;
      return data;
    };
    runknown.decode.bytes = 0;
    runknown.encodingLength = function(data) {
      return data.length + 2;
    };
    var rns = exports.ns = {};
    rns.encode = function(data, buf, offset) {
      if (!buf) buf = Buffer2.alloc(rns.encodingLength(data));
      if (!offset) offset = 0;
      name.encode(data, buf, offset + 2);
      buf.writeUInt16BE(name.encode.bytes, offset);
      rns.encode.bytes = name.encode.bytes + 2;
      return buf;
    };
    rns.encode.bytes = 0;
    rns.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const len = buf.readUInt16BE(offset);
      const dd = name.decode(buf, offset + 2);
      rns.decode.bytes = len + 2;
      return dd;
    };
    rns.decode.bytes = 0;
    rns.encodingLength = function(data) {
      return name.encodingLength(data) + 2;
    };
    var rsoa = exports.soa = {};
    rsoa.encode = function(data, buf, offset) {
      if (!buf) buf = Buffer2.alloc(rsoa.encodingLength(data));
      if (!offset) offset = 0;
      const oldOffset = offset;
      offset += 2;
      name.encode(data.mname, buf, offset);
      offset += name.encode.bytes;
      name.encode(data.rname, buf, offset, { mail: true });
      offset += name.encode.bytes;
      buf.writeUInt32BE(data.serial || 0, offset);
      offset += 4;
      buf.writeUInt32BE(data.refresh || 0, offset);
      offset += 4;
      buf.writeUInt32BE(data.retry || 0, offset);
      offset += 4;
      buf.writeUInt32BE(data.expire || 0, offset);
      offset += 4;
      buf.writeUInt32BE(data.minimum || 0, offset);
      offset += 4;
      buf.writeUInt16BE(offset - oldOffset - 2, oldOffset);
      rsoa.encode.bytes = offset - oldOffset;
      return buf;
    };
    rsoa.encode.bytes = 0;
    rsoa.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const oldOffset = offset;
      const data = {};
      offset += 2;
      data.mname = name.decode(buf, offset);
      offset += name.decode.bytes;
      data.rname = name.decode(buf, offset, { mail: true });
      offset += name.decode.bytes;
      data.serial = buf.readUInt32BE(offset);
      offset += 4;
      data.refresh = buf.readUInt32BE(offset);
      offset += 4;
      data.retry = buf.readUInt32BE(offset);
      offset += 4;
      data.expire = buf.readUInt32BE(offset);
      offset += 4;
      data.minimum = buf.readUInt32BE(offset);
      offset += 4;
      rsoa.decode.bytes = offset - oldOffset;
      return data;
    };
    rsoa.decode.bytes = 0;
    rsoa.encodingLength = function(data) {
      return 22 + name.encodingLength(data.mname) + name.encodingLength(data.rname);
    };
    var rtxt = exports.txt = {};
    rtxt.encode = function(data, buf, offset) {
      if (!Array.isArray(data)) data = [data];
      for (let i = 0; i < data.length; i++) {
        if (typeof data[i] === "string") {
          data[i] = Buffer2.from(data[i]);
        }
        if (!Buffer2.isBuffer(data[i])) {
          throw new Error("Must be a Buffer");
        }
      }
      if (!buf) buf = Buffer2.alloc(rtxt.encodingLength(data));
      if (!offset) offset = 0;
      const oldOffset = offset;
      offset += 2;
      data.forEach(function(d) {
        buf[offset++] = d.length;
        d.copy(buf, offset, 0, d.length);
        offset += d.length;
      });
      buf.writeUInt16BE(offset - oldOffset - 2, oldOffset);
      rtxt.encode.bytes = offset - oldOffset;
      return buf;
    };
    rtxt.encode.bytes = 0;
    rtxt.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const oldOffset = offset;
      let remaining = buf.readUInt16BE(offset);
      offset += 2;
      let data = [];
      while (remaining > 0) {
        const len = buf[offset++];
        --remaining;
        if (remaining < len) {
          throw new Error("Buffer overflow");
        }
        data.push(buf.slice(offset, offset + len));
        offset += len;
        remaining -= len;
      }
      rtxt.decode.bytes = offset - oldOffset;
      return data;
    };
    rtxt.decode.bytes = 0;
    rtxt.encodingLength = function(data) {
      if (!Array.isArray(data)) data = [data];
      let length = 2;
      data.forEach(function(buf) {
        if (typeof buf === "string") {
          length += Buffer2.byteLength(buf) + 1;
        } else {
          length += buf.length + 1;
        }
      });
      return length;
    };
    var rnull = exports.null = {};
    rnull.encode = function(data, buf, offset) {
      if (!buf) buf = Buffer2.alloc(rnull.encodingLength(data));
      if (!offset) offset = 0;
      if (typeof data === "string") data = Buffer2.from(data);
      if (!data) data = Buffer2.alloc(0);
      const oldOffset = offset;
      offset += 2;
      const len = data.length;
      data.copy(buf, offset, 0, len);
      offset += len;
      buf.writeUInt16BE(offset - oldOffset - 2, oldOffset);
      rnull.encode.bytes = offset - oldOffset;
      return buf;
    };
    rnull.encode.bytes = 0;
    rnull.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const oldOffset = offset;
      const len = buf.readUInt16BE(offset);
      offset += 2;
      const data = buf.slice(offset, offset + len);
      offset += len;
      rnull.decode.bytes = offset - oldOffset;
      return data;
    };
    rnull.decode.bytes = 0;
    rnull.encodingLength = function(data) {
      if (!data) return 2;
      return (Buffer2.isBuffer(data) ? data.length : Buffer2.byteLength(data)) + 2;
    };
    var rhinfo = exports.hinfo = {};
    rhinfo.encode = function(data, buf, offset) {
      if (!buf) buf = Buffer2.alloc(rhinfo.encodingLength(data));
      if (!offset) offset = 0;
      const oldOffset = offset;
      offset += 2;
      string.encode(data.cpu, buf, offset);
      offset += string.encode.bytes;
      string.encode(data.os, buf, offset);
      offset += string.encode.bytes;
      buf.writeUInt16BE(offset - oldOffset - 2, oldOffset);
      rhinfo.encode.bytes = offset - oldOffset;
      return buf;
    };
    rhinfo.encode.bytes = 0;
    rhinfo.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const oldOffset = offset;
      const data = {};
      offset += 2;
      data.cpu = string.decode(buf, offset);
      offset += string.decode.bytes;
      data.os = string.decode(buf, offset);
      offset += string.decode.bytes;
      rhinfo.decode.bytes = offset - oldOffset;
      return data;
    };
    rhinfo.decode.bytes = 0;
    rhinfo.encodingLength = function(data) {
      return string.encodingLength(data.cpu) + string.encodingLength(data.os) + 2;
    };
    var rptr = exports.ptr = {};
    var rcname = exports.cname = rptr;
    var rdname = exports.dname = rptr;
    rptr.encode = function(data, buf, offset) {
      if (!buf) buf = Buffer2.alloc(rptr.encodingLength(data));
      if (!offset) offset = 0;
      name.encode(data, buf, offset + 2);
      buf.writeUInt16BE(name.encode.bytes, offset);
      rptr.encode.bytes = name.encode.bytes + 2;
      return buf;
    };
    rptr.encode.bytes = 0;
    rptr.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const data = name.decode(buf, offset + 2);
      rptr.decode.bytes = name.decode.bytes + 2;
      return data;
    };
    rptr.decode.bytes = 0;
    rptr.encodingLength = function(data) {
      return name.encodingLength(data) + 2;
    };
    var rsrv = exports.srv = {};
    rsrv.encode = function(data, buf, offset) {
      if (!buf) buf = Buffer2.alloc(rsrv.encodingLength(data));
      if (!offset) offset = 0;
      buf.writeUInt16BE(data.priority || 0, offset + 2);
      buf.writeUInt16BE(data.weight || 0, offset + 4);
      buf.writeUInt16BE(data.port || 0, offset + 6);
      name.encode(data.target, buf, offset + 8);
      const len = name.encode.bytes + 6;
      buf.writeUInt16BE(len, offset);
      rsrv.encode.bytes = len + 2;
      return buf;
    };
    rsrv.encode.bytes = 0;
    rsrv.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const len = buf.readUInt16BE(offset);
      const data = {};
      data.priority = buf.readUInt16BE(offset + 2);
      data.weight = buf.readUInt16BE(offset + 4);
      data.port = buf.readUInt16BE(offset + 6);
      data.target = name.decode(buf, offset + 8);
      rsrv.decode.bytes = len + 2;
      return data;
    };
    rsrv.decode.bytes = 0;
    rsrv.encodingLength = function(data) {
      return 8 + name.encodingLength(data.target);
    };
    var rcaa = exports.caa = {};
    rcaa.ISSUER_CRITICAL = 1 << 7;
    rcaa.encode = function(data, buf, offset) {
      const len = rcaa.encodingLength(data);
      if (!buf) buf = Buffer2.alloc(rcaa.encodingLength(data));
      if (!offset) offset = 0;
      if (data.issuerCritical) {
        data.flags = rcaa.ISSUER_CRITICAL;
      }
      buf.writeUInt16BE(len - 2, offset);
      offset += 2;
      buf.writeUInt8(data.flags || 0, offset);
      offset += 1;
      string.encode(data.tag, buf, offset);
      offset += string.encode.bytes;
      buf.write(data.value, offset);
      offset += Buffer2.byteLength(data.value);
      rcaa.encode.bytes = len;
      return buf;
    };
    rcaa.encode.bytes = 0;
    rcaa.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const len = buf.readUInt16BE(offset);
      offset += 2;
      const oldOffset = offset;
      const data = {};
      data.flags = buf.readUInt8(offset);
      offset += 1;
      data.tag = string.decode(buf, offset);
      offset += string.decode.bytes;
      data.value = buf.toString("utf-8", offset, oldOffset + len);
      data.issuerCritical = !!(data.flags & rcaa.ISSUER_CRITICAL);
      rcaa.decode.bytes = len + 2;
      return data;
    };
    rcaa.decode.bytes = 0;
    rcaa.encodingLength = function(data) {
      return string.encodingLength(data.tag) + string.encodingLength(data.value) + 2;
    };
    var rmx = exports.mx = {};
    rmx.encode = function(data, buf, offset) {
      if (!buf) buf = Buffer2.alloc(rmx.encodingLength(data));
      if (!offset) offset = 0;
      const oldOffset = offset;
      offset += 2;
      buf.writeUInt16BE(data.preference || 0, offset);
      offset += 2;
      name.encode(data.exchange, buf, offset);
      offset += name.encode.bytes;
      buf.writeUInt16BE(offset - oldOffset - 2, oldOffset);
      rmx.encode.bytes = offset - oldOffset;
      return buf;
    };
    rmx.encode.bytes = 0;
    rmx.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const oldOffset = offset;
      const data = {};
      offset += 2;
      data.preference = buf.readUInt16BE(offset);
      offset += 2;
      data.exchange = name.decode(buf, offset);
      offset += name.decode.bytes;
      rmx.decode.bytes = offset - oldOffset;
      return data;
    };
    rmx.encodingLength = function(data) {
      return 4 + name.encodingLength(data.exchange);
    };
    var ra = exports.a = {};
    ra.encode = function(host, buf, offset) {
      if (!buf) buf = Buffer2.alloc(ra.encodingLength(host));
      if (!offset) offset = 0;
      buf.writeUInt16BE(4, offset);
      offset += 2;
      ip.v4.encode(host, buf, offset);
      ra.encode.bytes = 6;
      return buf;
    };
    ra.encode.bytes = 0;
    ra.decode = function(buf, offset) {
      if (!offset) offset = 0;
      offset += 2;
      const host = ip.v4.decode(buf, offset);
      ra.decode.bytes = 6;
      return host;
    };
    ra.decode.bytes = 0;
    ra.encodingLength = function() {
      return 6;
    };
    var raaaa = exports.aaaa = {};
    raaaa.encode = function(host, buf, offset) {
      if (!buf) buf = Buffer2.alloc(raaaa.encodingLength(host));
      if (!offset) offset = 0;
      buf.writeUInt16BE(16, offset);
      offset += 2;
      ip.v6.encode(host, buf, offset);
      raaaa.encode.bytes = 18;
      return buf;
    };
    raaaa.encode.bytes = 0;
    raaaa.decode = function(buf, offset) {
      if (!offset) offset = 0;
      offset += 2;
      const host = ip.v6.decode(buf, offset);
      raaaa.decode.bytes = 18;
      return host;
    };
    raaaa.decode.bytes = 0;
    raaaa.encodingLength = function() {
      return 18;
    };
    var roption = exports.option = {};
    roption.encode = function(option, buf, offset) {
      if (!buf) buf = Buffer2.alloc(roption.encodingLength(option));
      if (!offset) offset = 0;
      const oldOffset = offset;
      const code = optioncodes.toCode(option.code);
      buf.writeUInt16BE(code, offset);
      offset += 2;
      if (option.data) {
        buf.writeUInt16BE(option.data.length, offset);
        offset += 2;
        option.data.copy(buf, offset);
        offset += option.data.length;
      } else {
        switch (code) {
          // case 3: NSID.  No encode makes sense.
          // case 5,6,7: Not implementable
          case 8:
            const spl = option.sourcePrefixLength || 0;
            const fam = option.family || ip.familyOf(option.ip);
            const ipBuf = ip.encode(option.ip, Buffer2.alloc);
            const ipLen = Math.ceil(spl / 8);
            buf.writeUInt16BE(ipLen + 4, offset);
            offset += 2;
            buf.writeUInt16BE(fam, offset);
            offset += 2;
            buf.writeUInt8(spl, offset++);
            buf.writeUInt8(option.scopePrefixLength || 0, offset++);
            ipBuf.copy(buf, offset, 0, ipLen);
            offset += ipLen;
            break;
          // case 9: EXPIRE (experimental)
          // case 10: COOKIE.  No encode makes sense.
          case 11:
            if (option.timeout) {
              buf.writeUInt16BE(2, offset);
              offset += 2;
              buf.writeUInt16BE(option.timeout, offset);
              offset += 2;
            } else {
              buf.writeUInt16BE(0, offset);
              offset += 2;
            }
            break;
          case 12:
            const len = option.length || 0;
            buf.writeUInt16BE(len, offset);
            offset += 2;
            buf.fill(0, offset, offset + len);
            offset += len;
            break;
          // case 13:  CHAIN.  Experimental.
          case 14:
            const tagsLen = option.tags.length * 2;
            buf.writeUInt16BE(tagsLen, offset);
            offset += 2;
            for (const tag of option.tags) {
              buf.writeUInt16BE(tag, offset);
              offset += 2;
            }
            break;
          default:
            throw new Error(`Unknown roption code: ${option.code}`);
        }
      }
      roption.encode.bytes = offset - oldOffset;
      return buf;
    };
    roption.encode.bytes = 0;
    roption.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const option = {};
      option.code = buf.readUInt16BE(offset);
      option.type = optioncodes.toString(option.code);
      offset += 2;
      const len = buf.readUInt16BE(offset);
      offset += 2;
      option.data = buf.slice(offset, offset + len);
      switch (option.code) {
        // case 3: NSID.  No decode makes sense.
        case 8:
          option.family = buf.readUInt16BE(offset);
          offset += 2;
          option.sourcePrefixLength = buf.readUInt8(offset++);
          option.scopePrefixLength = buf.readUInt8(offset++);
          const padded = Buffer2.alloc(option.family === 1 ? 4 : 16);
          buf.copy(padded, 0, offset, offset + len - 4);
          option.ip = ip.decode(padded);
          break;
        // case 12: Padding.  No decode makes sense.
        case 11:
          if (len > 0) {
            option.timeout = buf.readUInt16BE(offset);
            offset += 2;
          }
          break;
        case 14:
          option.tags = [];
          for (let i = 0; i < len; i += 2) {
            option.tags.push(buf.readUInt16BE(offset));
            offset += 2;
          }
      }
      roption.decode.bytes = len + 4;
      return option;
    };
    roption.decode.bytes = 0;
    roption.encodingLength = function(option) {
      if (option.data) {
        return option.data.length + 4;
      }
      const code = optioncodes.toCode(option.code);
      switch (code) {
        case 8:
          const spl = option.sourcePrefixLength || 0;
          return Math.ceil(spl / 8) + 8;
        case 11:
          return typeof option.timeout === "number" ? 6 : 4;
        case 12:
          return option.length + 4;
        case 14:
          return 4 + option.tags.length * 2;
      }
      throw new Error(`Unknown roption code: ${option.code}`);
    };
    var ropt = exports.opt = {};
    ropt.encode = function(options, buf, offset) {
      if (!buf) buf = Buffer2.alloc(ropt.encodingLength(options));
      if (!offset) offset = 0;
      const oldOffset = offset;
      const rdlen = encodingLengthList(options, roption);
      buf.writeUInt16BE(rdlen, offset);
      offset = encodeList(options, roption, buf, offset + 2);
      ropt.encode.bytes = offset - oldOffset;
      return buf;
    };
    ropt.encode.bytes = 0;
    ropt.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const oldOffset = offset;
      const options = [];
      let rdlen = buf.readUInt16BE(offset);
      offset += 2;
      let o = 0;
      while (rdlen > 0) {
        options[o++] = roption.decode(buf, offset);
        offset += roption.decode.bytes;
        rdlen -= roption.decode.bytes;
      }
      ropt.decode.bytes = offset - oldOffset;
      return options;
    };
    ropt.decode.bytes = 0;
    ropt.encodingLength = function(options) {
      return 2 + encodingLengthList(options || [], roption);
    };
    var rdnskey = exports.dnskey = {};
    rdnskey.PROTOCOL_DNSSEC = 3;
    rdnskey.ZONE_KEY = 128;
    rdnskey.SECURE_ENTRYPOINT = 32768;
    rdnskey.encode = function(key, buf, offset) {
      if (!buf) buf = Buffer2.alloc(rdnskey.encodingLength(key));
      if (!offset) offset = 0;
      const oldOffset = offset;
      const keydata = key.key;
      if (!Buffer2.isBuffer(keydata)) {
        throw new Error("Key must be a Buffer");
      }
      offset += 2;
      buf.writeUInt16BE(key.flags, offset);
      offset += 2;
      buf.writeUInt8(rdnskey.PROTOCOL_DNSSEC, offset);
      offset += 1;
      buf.writeUInt8(key.algorithm, offset);
      offset += 1;
      keydata.copy(buf, offset, 0, keydata.length);
      offset += keydata.length;
      rdnskey.encode.bytes = offset - oldOffset;
      buf.writeUInt16BE(rdnskey.encode.bytes - 2, oldOffset);
      return buf;
    };
    rdnskey.encode.bytes = 0;
    rdnskey.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const oldOffset = offset;
      var key = {};
      var length = buf.readUInt16BE(offset);
      offset += 2;
      key.flags = buf.readUInt16BE(offset);
      offset += 2;
      if (buf.readUInt8(offset) !== rdnskey.PROTOCOL_DNSSEC) {
        throw new Error("Protocol must be 3");
      }
      offset += 1;
      key.algorithm = buf.readUInt8(offset);
      offset += 1;
      key.key = buf.slice(offset, oldOffset + length + 2);
      offset += key.key.length;
      rdnskey.decode.bytes = offset - oldOffset;
      return key;
    };
    rdnskey.decode.bytes = 0;
    rdnskey.encodingLength = function(key) {
      return 6 + Buffer2.byteLength(key.key);
    };
    var rrrsig = exports.rrsig = {};
    rrrsig.encode = function(sig, buf, offset) {
      if (!buf) buf = Buffer2.alloc(rrrsig.encodingLength(sig));
      if (!offset) offset = 0;
      const oldOffset = offset;
      const signature = sig.signature;
      if (!Buffer2.isBuffer(signature)) {
        throw new Error("Signature must be a Buffer");
      }
      offset += 2;
      buf.writeUInt16BE(types.toType(sig.typeCovered), offset);
      offset += 2;
      buf.writeUInt8(sig.algorithm, offset);
      offset += 1;
      buf.writeUInt8(sig.labels, offset);
      offset += 1;
      buf.writeUInt32BE(sig.originalTTL, offset);
      offset += 4;
      buf.writeUInt32BE(sig.expiration, offset);
      offset += 4;
      buf.writeUInt32BE(sig.inception, offset);
      offset += 4;
      buf.writeUInt16BE(sig.keyTag, offset);
      offset += 2;
      name.encode(sig.signersName, buf, offset);
      offset += name.encode.bytes;
      signature.copy(buf, offset, 0, signature.length);
      offset += signature.length;
      rrrsig.encode.bytes = offset - oldOffset;
      buf.writeUInt16BE(rrrsig.encode.bytes - 2, oldOffset);
      return buf;
    };
    rrrsig.encode.bytes = 0;
    rrrsig.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const oldOffset = offset;
      var sig = {};
      var length = buf.readUInt16BE(offset);
      offset += 2;
      sig.typeCovered = types.toString(buf.readUInt16BE(offset));
      offset += 2;
      sig.algorithm = buf.readUInt8(offset);
      offset += 1;
      sig.labels = buf.readUInt8(offset);
      offset += 1;
      sig.originalTTL = buf.readUInt32BE(offset);
      offset += 4;
      sig.expiration = buf.readUInt32BE(offset);
      offset += 4;
      sig.inception = buf.readUInt32BE(offset);
      offset += 4;
      sig.keyTag = buf.readUInt16BE(offset);
      offset += 2;
      sig.signersName = name.decode(buf, offset);
      offset += name.decode.bytes;
      sig.signature = buf.slice(offset, oldOffset + length + 2);
      offset += sig.signature.length;
      rrrsig.decode.bytes = offset - oldOffset;
      return sig;
    };
    rrrsig.decode.bytes = 0;
    rrrsig.encodingLength = function(sig) {
      return 20 + name.encodingLength(sig.signersName) + Buffer2.byteLength(sig.signature);
    };
    var rrp = exports.rp = {};
    rrp.encode = function(data, buf, offset) {
      if (!buf) buf = Buffer2.alloc(rrp.encodingLength(data));
      if (!offset) offset = 0;
      const oldOffset = offset;
      offset += 2;
      name.encode(data.mbox || ".", buf, offset, { mail: true });
      offset += name.encode.bytes;
      name.encode(data.txt || ".", buf, offset);
      offset += name.encode.bytes;
      rrp.encode.bytes = offset - oldOffset;
      buf.writeUInt16BE(rrp.encode.bytes - 2, oldOffset);
      return buf;
    };
    rrp.encode.bytes = 0;
    rrp.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const oldOffset = offset;
      const data = {};
      offset += 2;
      data.mbox = name.decode(buf, offset, { mail: true }) || ".";
      offset += name.decode.bytes;
      data.txt = name.decode(buf, offset) || ".";
      offset += name.decode.bytes;
      rrp.decode.bytes = offset - oldOffset;
      return data;
    };
    rrp.decode.bytes = 0;
    rrp.encodingLength = function(data) {
      return 2 + name.encodingLength(data.mbox || ".") + name.encodingLength(data.txt || ".");
    };
    var typebitmap = {};
    typebitmap.encode = function(typelist, buf, offset) {
      if (!buf) buf = Buffer2.alloc(typebitmap.encodingLength(typelist));
      if (!offset) offset = 0;
      const oldOffset = offset;
      var typesByWindow = [];
      for (var i = 0; i < typelist.length; i++) {
        var typeid = types.toType(typelist[i]);
        if (typesByWindow[typeid >> 8] === void 0) {
          typesByWindow[typeid >> 8] = [];
        }
        typesByWindow[typeid >> 8][typeid >> 3 & 31] |= 1 << 7 - (typeid & 7);
      }
      for (i = 0; i < typesByWindow.length; i++) {
        if (typesByWindow[i] !== void 0) {
          var windowBuf = Buffer2.from(typesByWindow[i]);
          buf.writeUInt8(i, offset);
          offset += 1;
          buf.writeUInt8(windowBuf.length, offset);
          offset += 1;
          windowBuf.copy(buf, offset);
          offset += windowBuf.length;
        }
      }
      typebitmap.encode.bytes = offset - oldOffset;
      return buf;
    };
    typebitmap.encode.bytes = 0;
    typebitmap.decode = function(buf, offset, length) {
      if (!offset) offset = 0;
      const oldOffset = offset;
      var typelist = [];
      while (offset - oldOffset < length) {
        var window = buf.readUInt8(offset);
        offset += 1;
        var windowLength = buf.readUInt8(offset);
        offset += 1;
        for (var i = 0; i < windowLength; i++) {
          var b = buf.readUInt8(offset + i);
          for (var j = 0; j < 8; j++) {
            if (b & 1 << 7 - j) {
              var typeid = types.toString(window << 8 | i << 3 | j);
              typelist.push(typeid);
            }
          }
        }
        offset += windowLength;
      }
      typebitmap.decode.bytes = offset - oldOffset;
      return typelist;
    };
    typebitmap.decode.bytes = 0;
    typebitmap.encodingLength = function(typelist) {
      var extents = [];
      for (var i = 0; i < typelist.length; i++) {
        var typeid = types.toType(typelist[i]);
        extents[typeid >> 8] = Math.max(extents[typeid >> 8] || 0, typeid & 255);
      }
      var len = 0;
      for (i = 0; i < extents.length; i++) {
        if (extents[i] !== void 0) {
          len += 2 + Math.ceil((extents[i] + 1) / 8);
        }
      }
      return len;
    };
    var rnsec = exports.nsec = {};
    rnsec.encode = function(record, buf, offset) {
      if (!buf) buf = Buffer2.alloc(rnsec.encodingLength(record));
      if (!offset) offset = 0;
      const oldOffset = offset;
      offset += 2;
      name.encode(record.nextDomain, buf, offset);
      offset += name.encode.bytes;
      typebitmap.encode(record.rrtypes, buf, offset);
      offset += typebitmap.encode.bytes;
      rnsec.encode.bytes = offset - oldOffset;
      buf.writeUInt16BE(rnsec.encode.bytes - 2, oldOffset);
      return buf;
    };
    rnsec.encode.bytes = 0;
    rnsec.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const oldOffset = offset;
      var record = {};
      var length = buf.readUInt16BE(offset);
      offset += 2;
      record.nextDomain = name.decode(buf, offset);
      offset += name.decode.bytes;
      record.rrtypes = typebitmap.decode(buf, offset, length - (offset - oldOffset));
      offset += typebitmap.decode.bytes;
      rnsec.decode.bytes = offset - oldOffset;
      return record;
    };
    rnsec.decode.bytes = 0;
    rnsec.encodingLength = function(record) {
      return 2 + name.encodingLength(record.nextDomain) + typebitmap.encodingLength(record.rrtypes);
    };
    var rnsec3 = exports.nsec3 = {};
    rnsec3.encode = function(record, buf, offset) {
      if (!buf) buf = Buffer2.alloc(rnsec3.encodingLength(record));
      if (!offset) offset = 0;
      const oldOffset = offset;
      const salt = record.salt;
      if (!Buffer2.isBuffer(salt)) {
        throw new Error("salt must be a Buffer");
      }
      const nextDomain = record.nextDomain;
      if (!Buffer2.isBuffer(nextDomain)) {
        throw new Error("nextDomain must be a Buffer");
      }
      offset += 2;
      buf.writeUInt8(record.algorithm, offset);
      offset += 1;
      buf.writeUInt8(record.flags, offset);
      offset += 1;
      buf.writeUInt16BE(record.iterations, offset);
      offset += 2;
      buf.writeUInt8(salt.length, offset);
      offset += 1;
      salt.copy(buf, offset, 0, salt.length);
      offset += salt.length;
      buf.writeUInt8(nextDomain.length, offset);
      offset += 1;
      nextDomain.copy(buf, offset, 0, nextDomain.length);
      offset += nextDomain.length;
      typebitmap.encode(record.rrtypes, buf, offset);
      offset += typebitmap.encode.bytes;
      rnsec3.encode.bytes = offset - oldOffset;
      buf.writeUInt16BE(rnsec3.encode.bytes - 2, oldOffset);
      return buf;
    };
    rnsec3.encode.bytes = 0;
    rnsec3.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const oldOffset = offset;
      var record = {};
      var length = buf.readUInt16BE(offset);
      offset += 2;
      record.algorithm = buf.readUInt8(offset);
      offset += 1;
      record.flags = buf.readUInt8(offset);
      offset += 1;
      record.iterations = buf.readUInt16BE(offset);
      offset += 2;
      const saltLength = buf.readUInt8(offset);
      offset += 1;
      record.salt = buf.slice(offset, offset + saltLength);
      offset += saltLength;
      const hashLength = buf.readUInt8(offset);
      offset += 1;
      record.nextDomain = buf.slice(offset, offset + hashLength);
      offset += hashLength;
      record.rrtypes = typebitmap.decode(buf, offset, length - (offset - oldOffset));
      offset += typebitmap.decode.bytes;
      rnsec3.decode.bytes = offset - oldOffset;
      return record;
    };
    rnsec3.decode.bytes = 0;
    rnsec3.encodingLength = function(record) {
      return 8 + record.salt.length + record.nextDomain.length + typebitmap.encodingLength(record.rrtypes);
    };
    var rds = exports.ds = {};
    rds.encode = function(digest, buf, offset) {
      if (!buf) buf = Buffer2.alloc(rds.encodingLength(digest));
      if (!offset) offset = 0;
      const oldOffset = offset;
      const digestdata = digest.digest;
      if (!Buffer2.isBuffer(digestdata)) {
        throw new Error("Digest must be a Buffer");
      }
      offset += 2;
      buf.writeUInt16BE(digest.keyTag, offset);
      offset += 2;
      buf.writeUInt8(digest.algorithm, offset);
      offset += 1;
      buf.writeUInt8(digest.digestType, offset);
      offset += 1;
      digestdata.copy(buf, offset, 0, digestdata.length);
      offset += digestdata.length;
      rds.encode.bytes = offset - oldOffset;
      buf.writeUInt16BE(rds.encode.bytes - 2, oldOffset);
      return buf;
    };
    rds.encode.bytes = 0;
    rds.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const oldOffset = offset;
      var digest = {};
      var length = buf.readUInt16BE(offset);
      offset += 2;
      digest.keyTag = buf.readUInt16BE(offset);
      offset += 2;
      digest.algorithm = buf.readUInt8(offset);
      offset += 1;
      digest.digestType = buf.readUInt8(offset);
      offset += 1;
      digest.digest = buf.slice(offset, oldOffset + length + 2);
      offset += digest.digest.length;
      rds.decode.bytes = offset - oldOffset;
      return digest;
    };
    rds.decode.bytes = 0;
    rds.encodingLength = function(digest) {
      return 6 + Buffer2.byteLength(digest.digest);
    };
    var rsshfp = exports.sshfp = {};
    rsshfp.getFingerprintLengthForHashType = function getFingerprintLengthForHashType(hashType) {
      switch (hashType) {
        case 1:
          return 20;
        case 2:
          return 32;
      }
    };
    rsshfp.encode = function encode(record, buf, offset) {
      if (!buf) buf = Buffer2.alloc(rsshfp.encodingLength(record));
      if (!offset) offset = 0;
      const oldOffset = offset;
      offset += 2;
      buf[offset] = record.algorithm;
      offset += 1;
      buf[offset] = record.hash;
      offset += 1;
      const fingerprintBuf = Buffer2.from(record.fingerprint.toUpperCase(), "hex");
      if (fingerprintBuf.length !== rsshfp.getFingerprintLengthForHashType(record.hash)) {
        throw new Error("Invalid fingerprint length");
      }
      fingerprintBuf.copy(buf, offset);
      offset += fingerprintBuf.byteLength;
      rsshfp.encode.bytes = offset - oldOffset;
      buf.writeUInt16BE(rsshfp.encode.bytes - 2, oldOffset);
      return buf;
    };
    rsshfp.encode.bytes = 0;
    rsshfp.decode = function decode(buf, offset) {
      if (!offset) offset = 0;
      const oldOffset = offset;
      const record = {};
      offset += 2;
      record.algorithm = buf[offset];
      offset += 1;
      record.hash = buf[offset];
      offset += 1;
      const fingerprintLength = rsshfp.getFingerprintLengthForHashType(record.hash);
      record.fingerprint = buf.slice(offset, offset + fingerprintLength).toString("hex").toUpperCase();
      offset += fingerprintLength;
      rsshfp.decode.bytes = offset - oldOffset;
      return record;
    };
    rsshfp.decode.bytes = 0;
    rsshfp.encodingLength = function(record) {
      return 4 + Buffer2.from(record.fingerprint, "hex").byteLength;
    };
    var rnaptr = exports.naptr = {};
    rnaptr.encode = function(data, buf, offset) {
      if (!buf) buf = Buffer2.alloc(rnaptr.encodingLength(data));
      if (!offset) offset = 0;
      const oldOffset = offset;
      offset += 2;
      buf.writeUInt16BE(data.order || 0, offset);
      offset += 2;
      buf.writeUInt16BE(data.preference || 0, offset);
      offset += 2;
      string.encode(data.flags, buf, offset);
      offset += string.encode.bytes;
      string.encode(data.services, buf, offset);
      offset += string.encode.bytes;
      string.encode(data.regexp, buf, offset);
      offset += string.encode.bytes;
      name.encode(data.replacement, buf, offset);
      offset += name.encode.bytes;
      rnaptr.encode.bytes = offset - oldOffset;
      buf.writeUInt16BE(rnaptr.encode.bytes - 2, oldOffset);
      return buf;
    };
    rnaptr.encode.bytes = 0;
    rnaptr.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const oldOffset = offset;
      const data = {};
      offset += 2;
      data.order = buf.readUInt16BE(offset);
      offset += 2;
      data.preference = buf.readUInt16BE(offset);
      offset += 2;
      data.flags = string.decode(buf, offset);
      offset += string.decode.bytes;
      data.services = string.decode(buf, offset);
      offset += string.decode.bytes;
      data.regexp = string.decode(buf, offset);
      offset += string.decode.bytes;
      data.replacement = name.decode(buf, offset);
      offset += name.decode.bytes;
      rnaptr.decode.bytes = offset - oldOffset;
      return data;
    };
    rnaptr.decode.bytes = 0;
    rnaptr.encodingLength = function(data) {
      return string.encodingLength(data.flags) + string.encodingLength(data.services) + string.encodingLength(data.regexp) + name.encodingLength(data.replacement) + 6;
    };
    var rtlsa = exports.tlsa = {};
    rtlsa.encode = function(cert, buf, offset) {
      if (!buf) buf = Buffer2.alloc(rtlsa.encodingLength(cert));
      if (!offset) offset = 0;
      const oldOffset = offset;
      const certdata = cert.certificate;
      if (!Buffer2.isBuffer(certdata)) {
        throw new Error("Certificate must be a Buffer");
      }
      offset += 2;
      buf.writeUInt8(cert.usage, offset);
      offset += 1;
      buf.writeUInt8(cert.selector, offset);
      offset += 1;
      buf.writeUInt8(cert.matchingType, offset);
      offset += 1;
      certdata.copy(buf, offset, 0, certdata.length);
      offset += certdata.length;
      rtlsa.encode.bytes = offset - oldOffset;
      buf.writeUInt16BE(rtlsa.encode.bytes - 2, oldOffset);
      return buf;
    };
    rtlsa.encode.bytes = 0;
    rtlsa.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const oldOffset = offset;
      const cert = {};
      const length = buf.readUInt16BE(offset);
      offset += 2;
      cert.usage = buf.readUInt8(offset);
      offset += 1;
      cert.selector = buf.readUInt8(offset);
      offset += 1;
      cert.matchingType = buf.readUInt8(offset);
      offset += 1;
      cert.certificate = buf.slice(offset, oldOffset + length + 2);
      offset += cert.certificate.length;
      rtlsa.decode.bytes = offset - oldOffset;
      return cert;
    };
    rtlsa.decode.bytes = 0;
    rtlsa.encodingLength = function(cert) {
      return 5 + Buffer2.byteLength(cert.certificate);
    };
    var renc = exports.record = function(type) {
      switch (type.toUpperCase()) {
        case "A":
          return ra;
        case "PTR":
          return rptr;
        case "CNAME":
          return rcname;
        case "DNAME":
          return rdname;
        case "TXT":
          return rtxt;
        case "NULL":
          return rnull;
        case "AAAA":
          return raaaa;
        case "SRV":
          return rsrv;
        case "HINFO":
          return rhinfo;
        case "CAA":
          return rcaa;
        case "NS":
          return rns;
        case "SOA":
          return rsoa;
        case "MX":
          return rmx;
        case "OPT":
          return ropt;
        case "DNSKEY":
          return rdnskey;
        case "RRSIG":
          return rrrsig;
        case "RP":
          return rrp;
        case "NSEC":
          return rnsec;
        case "NSEC3":
          return rnsec3;
        case "SSHFP":
          return rsshfp;
        case "DS":
          return rds;
        case "NAPTR":
          return rnaptr;
        case "TLSA":
          return rtlsa;
      }
      return runknown;
    };
    var answer = exports.answer = {};
    answer.encode = function(a, buf, offset) {
      if (!buf) buf = Buffer2.alloc(answer.encodingLength(a));
      if (!offset) offset = 0;
      const oldOffset = offset;
      name.encode(a.name, buf, offset);
      offset += name.encode.bytes;
      buf.writeUInt16BE(types.toType(a.type), offset);
      if (a.type.toUpperCase() === "OPT") {
        if (a.name !== ".") {
          throw new Error("OPT name must be root.");
        }
        buf.writeUInt16BE(a.udpPayloadSize || 4096, offset + 2);
        buf.writeUInt8(a.extendedRcode || 0, offset + 4);
        buf.writeUInt8(a.ednsVersion || 0, offset + 5);
        buf.writeUInt16BE(a.flags || 0, offset + 6);
        offset += 8;
        ropt.encode(a.options || [], buf, offset);
        offset += ropt.encode.bytes;
      } else {
        let klass = classes.toClass(a.class === void 0 ? "IN" : a.class);
        if (a.flush) klass |= FLUSH_MASK;
        buf.writeUInt16BE(klass, offset + 2);
        buf.writeUInt32BE(a.ttl || 0, offset + 4);
        offset += 8;
        const enc = renc(a.type);
        enc.encode(a.data, buf, offset);
        offset += enc.encode.bytes;
      }
      answer.encode.bytes = offset - oldOffset;
      return buf;
    };
    answer.encode.bytes = 0;
    answer.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const a = {};
      const oldOffset = offset;
      a.name = name.decode(buf, offset);
      offset += name.decode.bytes;
      a.type = types.toString(buf.readUInt16BE(offset));
      if (a.type === "OPT") {
        a.udpPayloadSize = buf.readUInt16BE(offset + 2);
        a.extendedRcode = buf.readUInt8(offset + 4);
        a.ednsVersion = buf.readUInt8(offset + 5);
        a.flags = buf.readUInt16BE(offset + 6);
        a.flag_do = (a.flags >> 15 & 1) === 1;
        a.options = ropt.decode(buf, offset + 8);
        offset += 8 + ropt.decode.bytes;
      } else {
        const klass = buf.readUInt16BE(offset + 2);
        a.ttl = buf.readUInt32BE(offset + 4);
        a.class = classes.toString(klass & NOT_FLUSH_MASK);
        a.flush = !!(klass & FLUSH_MASK);
        const enc = renc(a.type);
        a.data = enc.decode(buf, offset + 8);
        offset += 8 + enc.decode.bytes;
      }
      answer.decode.bytes = offset - oldOffset;
      return a;
    };
    answer.decode.bytes = 0;
    answer.encodingLength = function(a) {
      const data = a.data !== null && a.data !== void 0 ? a.data : a.options;
      return name.encodingLength(a.name) + 8 + renc(a.type).encodingLength(data);
    };
    var question = exports.question = {};
    question.encode = function(q, buf, offset) {
      if (!buf) buf = Buffer2.alloc(question.encodingLength(q));
      if (!offset) offset = 0;
      const oldOffset = offset;
      name.encode(q.name, buf, offset);
      offset += name.encode.bytes;
      buf.writeUInt16BE(types.toType(q.type), offset);
      offset += 2;
      buf.writeUInt16BE(classes.toClass(q.class === void 0 ? "IN" : q.class), offset);
      offset += 2;
      question.encode.bytes = offset - oldOffset;
      return q;
    };
    question.encode.bytes = 0;
    question.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const oldOffset = offset;
      const q = {};
      q.name = name.decode(buf, offset);
      offset += name.decode.bytes;
      q.type = types.toString(buf.readUInt16BE(offset));
      offset += 2;
      q.class = classes.toString(buf.readUInt16BE(offset));
      offset += 2;
      const qu = !!(q.class & QU_MASK);
      if (qu) q.class &= NOT_QU_MASK;
      question.decode.bytes = offset - oldOffset;
      return q;
    };
    question.decode.bytes = 0;
    question.encodingLength = function(q) {
      return name.encodingLength(q.name) + 4;
    };
    exports.AUTHORITATIVE_ANSWER = 1 << 10;
    exports.TRUNCATED_RESPONSE = 1 << 9;
    exports.RECURSION_DESIRED = 1 << 8;
    exports.RECURSION_AVAILABLE = 1 << 7;
    exports.AUTHENTIC_DATA = 1 << 5;
    exports.CHECKING_DISABLED = 1 << 4;
    exports.DNSSEC_OK = 1 << 15;
    exports.encode = function(result, buf, offset) {
      const allocing = !buf;
      if (allocing) buf = Buffer2.alloc(exports.encodingLength(result));
      if (!offset) offset = 0;
      const oldOffset = offset;
      if (!result.questions) result.questions = [];
      if (!result.answers) result.answers = [];
      if (!result.authorities) result.authorities = [];
      if (!result.additionals) result.additionals = [];
      header.encode(result, buf, offset);
      offset += header.encode.bytes;
      offset = encodeList(result.questions, question, buf, offset);
      offset = encodeList(result.answers, answer, buf, offset);
      offset = encodeList(result.authorities, answer, buf, offset);
      offset = encodeList(result.additionals, answer, buf, offset);
      exports.encode.bytes = offset - oldOffset;
      if (allocing && exports.encode.bytes !== buf.length) {
        return buf.slice(0, exports.encode.bytes);
      }
      return buf;
    };
    exports.encode.bytes = 0;
    exports.decode = function(buf, offset) {
      if (!offset) offset = 0;
      const oldOffset = offset;
      const result = header.decode(buf, offset);
      offset += header.decode.bytes;
      offset = decodeList(result.questions, question, buf, offset);
      offset = decodeList(result.answers, answer, buf, offset);
      offset = decodeList(result.authorities, answer, buf, offset);
      offset = decodeList(result.additionals, answer, buf, offset);
      exports.decode.bytes = offset - oldOffset;
      return result;
    };
    exports.decode.bytes = 0;
    exports.encodingLength = function(result) {
      return header.encodingLength(result) + encodingLengthList(result.questions || [], question) + encodingLengthList(result.answers || [], answer) + encodingLengthList(result.authorities || [], answer) + encodingLengthList(result.additionals || [], answer);
    };
    exports.streamEncode = function(result) {
      const buf = exports.encode(result);
      const sbuf = Buffer2.alloc(2);
      sbuf.writeUInt16BE(buf.byteLength);
      const combine = Buffer2.concat([sbuf, buf]);
      exports.streamEncode.bytes = combine.byteLength;
      return combine;
    };
    exports.streamEncode.bytes = 0;
    exports.streamDecode = function(sbuf) {
      const len = sbuf.readUInt16BE(0);
      if (sbuf.byteLength < len + 2) {
        return null;
      }
      const result = exports.decode(sbuf.slice(2));
      exports.streamDecode.bytes = exports.decode.bytes;
      return result;
    };
    exports.streamDecode.bytes = 0;
    function encodingLengthList(list, enc) {
      let len = 0;
      for (let i = 0; i < list.length; i++) len += enc.encodingLength(list[i]);
      return len;
    }
    function encodeList(list, enc, buf, offset) {
      for (let i = 0; i < list.length; i++) {
        enc.encode(list[i], buf, offset);
        offset += enc.encode.bytes;
      }
      return offset;
    }
    function decodeList(list, enc, buf, offset) {
      for (let i = 0; i < list.length; i++) {
        list[i] = enc.decode(buf, offset);
        offset += enc.decode.bytes;
      }
      return offset;
    }
  }
});

// src/notify/url.ts
function parseReportUrl(option, text, kinds) {
  const prefix = /^([a-z-]+)\+(?=https?:)/i.exec(text);
  const forced = prefix?.[1]?.toLowerCase();
  if (forced !== void 0 && !kinds.includes(forced))
    throw new Error(`${option}: "${forced}+" is not a kind; expected one of ${kinds.map((k) => `${k}+`).join(", ")}`);
  let url;
  try {
    url = new URL(prefix ? text.slice(prefix[0].length) : text);
  } catch {
    throw new Error(`${option}: a value is not a URL (not shown: it is a secret); expected one such as https://\u2026`);
  }
  const where = `${forced ?? "the"} URL at ${url.host}`;
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw new Error(`${option}: ${where} is not an http(s) URL; expected https://\u2026`);
  if (url.protocol === "http:" && !isLoopbackHost(url.hostname))
    throw new Error(
      `${option}: ${where} is plain http, so the URL (a credential) and the message would cross the network readable; use https (plain http only for a loopback address such as 127.0.0.1)`
    );
  if (url.username || url.password)
    throw new Error(`${option}: ${where} carries credentials in its authority; webhooks take none there`);
  return { url, ...forced ? { forced } : {} };
}
function hostIs(host, domain) {
  const name = host.toLowerCase().replace(/\.$/, "");
  return name === domain || name.endsWith(`.${domain}`);
}
function withoutUrl(text, url) {
  const replacements = [
    [url.href, url.host],
    [`${url.origin}${url.pathname}`, url.host],
    [url.pathname, "/***"],
    [url.search, "?***"]
  ];
  return replacements.filter(([part]) => part.length > 1).reduce((out, [part, shown]) => out.split(part).join(shown), text);
}

// src/notify/heartbeat.ts
var HEARTBEAT_KINDS = ["healthchecks", "cronitor", "uptime-kuma", "generic"];
function kindOf(url) {
  if (hostIs(url.hostname, "hc-ping.com") || /^\/ping\/[^/]+/.test(url.pathname)) return "healthchecks";
  if (hostIs(url.hostname, "cronitor.link") || hostIs(url.hostname, "cronitor.io")) return "cronitor";
  if (url.pathname.startsWith("/api/push/")) return "uptime-kuma";
  return "generic";
}
function heartbeatTarget(text) {
  const { url, forced } = parseReportUrl("heartbeat-url", text, HEARTBEAT_KINDS);
  return { kind: forced ?? kindOf(url), url: url.href, host: url.host };
}
var MAX_MESSAGE = 500;
function withQuery(url, parameters) {
  const out = new URL(url);
  for (const [name, value2] of Object.entries(parameters)) out.searchParams.set(name, value2);
  return out.href;
}
function heartbeatCall(target, ok, message) {
  const line = message.slice(0, MAX_MESSAGE);
  switch (target.kind) {
    case "healthchecks": {
      const url = new URL(target.url);
      if (!ok) url.pathname = `${url.pathname.replace(/\/+$/, "")}/fail`;
      return { method: "POST", url: url.href, body: line };
    }
    case "cronitor":
      return { method: "GET", url: withQuery(target.url, { state: ok ? "complete" : "fail", message: line }) };
    case "uptime-kuma":
      return { method: "GET", url: withQuery(target.url, { status: ok ? "up" : "down", msg: line }) };
    case "generic":
      return { method: "GET", url: ok ? target.url : withQuery(target.url, { status: "fail" }) };
  }
}

// src/notify/targets.ts
var NOTIFY_KINDS = ["slack", "teams", "discord", "json"];
var KIND_NAMES = {
  slack: "Slack webhook",
  teams: "Teams webhook",
  discord: "Discord webhook",
  json: "JSON webhook"
};
var TEAMS_DOMAINS = ["logic.azure.com", "powerautomate.com", "api.powerplatform.com", "webhook.office.com"];
function kindOf2(url) {
  if (hostIs(url.hostname, "hooks.slack.com")) return "slack";
  if (TEAMS_DOMAINS.some((domain) => hostIs(url.hostname, domain))) return "teams";
  const discordHost = hostIs(url.hostname, "discord.com") || hostIs(url.hostname, "discordapp.com");
  if (discordHost && url.pathname.startsWith("/api/webhooks/")) return "discord";
  return "json";
}
function notifyTarget(text) {
  const { url, forced } = parseReportUrl("notify", text, NOTIFY_KINDS);
  return { kind: forced ?? kindOf2(url), url: url.href, host: url.host };
}

// src/notify/options.ts
var NOTIFY_EVENTS = ["failure", "renewed", "deferred", "expiring", "deploy-failure"];
var DEFAULT_NOTIFY_ON = ["failure", "expiring", "deploy-failure"];
var NOTIFY_OPTIONS = [
  {
    name: "notify",
    kind: "list",
    description: "Webhook URL(s) told about the run, one message per run grouping its certificates: Slack incoming webhook, Microsoft Teams workflow webhook, Discord webhook, or any other URL as a signed JSON webhook (see docs/action.md, Notifications). `slack+https://`, `teams+https://`, `discord+https://` or `json+https://` forces the kind for a self-hosted URL.",
    secret: true,
    repeatable: true
  },
  {
    name: "notify-on",
    kind: "list",
    description: "Events that send a notification: failure, renewed (issued too), deferred, expiring (within warn-days), deploy-failure.",
    default: DEFAULT_NOTIFY_ON.join(", ")
  },
  {
    name: "notify-secret",
    description: "HMAC-SHA256 key that signs a generic JSON webhook (header X-Certwright-Signature: sha256=<hex> over the body); required with one.",
    secret: true
  },
  {
    name: "heartbeat-url",
    kind: "url",
    description: "Dead-man's-switch URL called at the end of every run, with the service's failure form when the run failed: healthchecks.io, Cronitor, Uptime Kuma push, or any URL (GET; `?status=fail` on failure).",
    secret: true
  }
];
function parseEvents(values) {
  const given2 = splitList(optionalOption(values, "notify-on"));
  const events = /* @__PURE__ */ new Set();
  for (const item of given2.length > 0 ? given2 : DEFAULT_NOTIFY_ON) {
    const event = item.toLowerCase();
    if (!NOTIFY_EVENTS.includes(event))
      throw new Error(`notify-on: "${item}" is not an event; expected some of ${NOTIFY_EVENTS.join(", ")}`);
    events.add(event);
  }
  return events;
}
function parseNotifySettings(values, onSecret) {
  const urls = splitList(optionalOption(values, "notify"));
  for (const url of urls) onSecret?.(url);
  const targets = urls.map((url) => notifyTarget(url));
  for (const target of targets) if (!urls.includes(target.url)) onSecret?.(target.url);
  const secret = optionalOption(values, "notify-secret");
  const unsigned = targets.find((t) => t.kind === "json");
  if (unsigned && !secret)
    throw new Error(
      `notify-secret: missing; the JSON webhook at ${unsigned.host} is signed with it so its receiver can tell the message comes from certwright; set notify-secret (or CERTWRIGHT_NOTIFY_SECRET)`
    );
  const heartbeatUrl = optionalOption(values, "heartbeat-url");
  if (heartbeatUrl) onSecret?.(heartbeatUrl);
  const heartbeat = heartbeatUrl ? heartbeatTarget(heartbeatUrl) : void 0;
  if (heartbeat && heartbeat.url !== heartbeatUrl) onSecret?.(heartbeat.url);
  return { targets, events: parseEvents(values), ...secret ? { secret } : {}, ...heartbeat ? { heartbeat } : {} };
}

// src/crypto/keys.ts
import { createPrivateKey, createPublicKey, webcrypto } from "node:crypto";
var KEY_TYPES = ["ecdsa-p256", "ecdsa-p384", "rsa-2048", "rsa-3072", "rsa-4096"];
function signingAlgorithm(keyType) {
  switch (keyType) {
    case "ecdsa-p256":
      return { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" };
    case "ecdsa-p384":
      return { name: "ECDSA", namedCurve: "P-384", hash: "SHA-384" };
    default: {
      const modulusLength = Number(keyType.slice("rsa-".length));
      return { name: "RSASSA-PKCS1-v1_5", modulusLength, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" };
    }
  }
}
async function generateCertificateKey(keyType) {
  const keys = await webcrypto.subtle.generateKey(signingAlgorithm(keyType), true, ["sign", "verify"]);
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey("pkcs8", keys.privateKey));
  return { keyType, keys, privateKeyPem: toPem(pkcs8, "PRIVATE KEY") };
}
async function importCertificateKey(privateKeyPem, keyType) {
  const keyObject = createPrivateKey(privateKeyPem);
  if (keyTypeOf(keyObject) !== keyType) {
    throw new Error(
      `crypto: the saved key is ${keyTypeOf(keyObject) ?? "of an unsupported type"}, not ${keyType}; drop reuse-key or the key type change`
    );
  }
  const pkcs8 = keyObject.export({ type: "pkcs8", format: "der" });
  const algorithm = signingAlgorithm(keyType);
  const privateKey = await webcrypto.subtle.importKey("pkcs8", pkcs8, algorithm, true, ["sign"]);
  const publicJwk = createPublicKey(keyObject).export({ format: "jwk" });
  const publicKey = await webcrypto.subtle.importKey("jwk", publicJwk, algorithm, true, ["verify"]);
  return { keyType, keys: { privateKey, publicKey }, privateKeyPem: toPem(pkcs8, "PRIVATE KEY") };
}
function keyTypeOf(key) {
  const details = key.asymmetricKeyDetails;
  if (key.asymmetricKeyType === "ec") {
    if (details?.namedCurve === "prime256v1") return "ecdsa-p256";
    if (details?.namedCurve === "secp384r1") return "ecdsa-p384";
  }
  if (key.asymmetricKeyType === "rsa") {
    const candidate = `rsa-${details?.modulusLength}`;
    return KEY_TYPES.includes(candidate) ? candidate : void 0;
  }
  return void 0;
}
function toPem(der, label) {
  const lines = der.toString("base64").match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----
${lines.join("\n")}
-----END ${label}-----
`;
}

// src/dns/address.ts
import { isIP } from "node:net";
function parseServerAddress(value2, input, defaultPort = 53) {
  const text = value2.trim();
  let host = text;
  let port = String(defaultPort);
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (bracketed) {
    host = bracketed[1] ?? "";
    port = bracketed[2] ?? port;
  } else if (!isBareIpv6(text)) {
    const colon = text.lastIndexOf(":");
    if (colon >= 0) {
      host = text.slice(0, colon);
      port = text.slice(colon + 1);
    }
  }
  const portNumber = Number(port);
  if (host === "" || !/^\d+$/.test(port) || portNumber < 1 || portNumber > 65535) {
    throw new Error(
      `${input}: "${value2}" is not a server address; expected host, host:port or [ipv6]:port, such as 127.0.0.1:5353`
    );
  }
  return { host, port: portNumber };
}
function isBareIpv6(text) {
  return text.indexOf(":") !== text.lastIndexOf(":") && isIP(text) === 6;
}
function formatServerAddress(address) {
  return isIP(address.host) === 6 ? `[${address.host}]:${address.port}` : `${address.host}:${address.port}`;
}

// src/dns/providers/acme-dns/index.ts
import { readFile } from "node:fs/promises";

// src/dns/providers/acme-dns/metadata.ts
var metadata7 = {
  name: "acme-dns",
  description: "acme-dns (joohoi/acme-dns): `_acme-challenge` CNAMEd to an acme-dns subdomain, so CI holds no credentials for the real zone",
  options: [
    {
      name: "acme-dns-server",
      description: "Base URL of the acme-dns API (its `/update`), such as https://auth.example.org. An account that carries its own `server_url` (lego's files) uses that instead.",
      envAliases: ["ACME_DNS_API_BASE"]
    },
    {
      name: "acme-dns-credentials",
      description: 'The accounts as JSON, keyed by domain (`{"example.com": {"username", "password", "fulldomain", "subdomain"}}`, the file certbot\'s and lego\'s acme-dns integrations write), or one account object. From a secret; or use acme-dns-credentials-file.',
      secret: true
    },
    {
      name: "acme-dns-credentials-file",
      description: "Path of a JSON file in the same format (`/etc/letsencrypt/acmedns.json`, lego's ACME_DNS_STORAGE_PATH file), instead of acme-dns-credentials.",
      secretFile: true
    }
  ]
};

// src/dns/providers/acme-dns/index.ts
var definition = {
  ...metadata7,
  configure(values) {
    const server = urlOption(values, "acme-dns-server", "https://auth.acme-dns.io");
    const inline = values["acme-dns-credentials"]?.trim() || void 0;
    const file = values["acme-dns-credentials-file"]?.trim() || void 0;
    if (inline && file) throw new Error("acme-dns-credentials-file: given with acme-dns-credentials; give one of them");
    if (!inline && !file) {
      throw new Error(
        "acme-dns-credentials: missing; expected the accounts JSON (from a secret, or CERTWRIGHT_ACME_DNS_CREDENTIALS), or set acme-dns-credentials-file; certwright acme-dns register creates an account"
      );
    }
    const domains = (values.domains ?? "").split(/[\s,]+/).filter(Boolean);
    const check = (credentials) => {
      const problem = sharedAccountProblem(credentials, domains);
      if (problem) throw new Error(problem);
      return credentials;
    };
    const parsed = inline ? check(parseAcmeDnsCredentials(inline, "acme-dns-credentials", server)) : void 0;
    const where = server ? ` at ${server}` : "";
    return {
      name: "acme-dns",
      description: parsed ? `acme-dns (${parsed.accounts.length} account(s)${where})` : `acme-dns (accounts from ${file}${where})`,
      async create(context) {
        const credentials = parsed ?? check(await readCredentialsFile(file, server));
        const { AcmeDnsProvider } = await import("./provider-BEEUK72S.js");
        return new AcmeDnsProvider(credentials, context);
      }
    };
  }
};
async function readCredentialsFile(path, server) {
  let text;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = error.code ?? "unreadable";
    throw new Error(
      `acme-dns-credentials-file: cannot read ${path} (${code}); expected the acme-dns accounts JSON that certbot or lego wrote, or certwright acme-dns register printed`,
      { cause: error }
    );
  }
  return parseAcmeDnsCredentials(text, `acme-dns-credentials-file (${path})`, server);
}

// src/dns/providers/azure/index.ts
var definition2 = {
  ...metadata,
  configure(values) {
    const subscriptionId = values["azure-subscription-id"]?.trim() || void 0;
    if (subscriptionId !== void 0 && !SUBSCRIPTION_ID.test(subscriptionId)) {
      throw new Error(
        `azure-subscription-id: "${subscriptionId}" is not a subscription ID; expected a GUID such as 00000000-0000-0000-0000-000000000000`
      );
    }
    const resourceGroup = values["azure-resource-group"]?.trim() || void 0;
    if (resourceGroup !== void 0 && !RESOURCE_GROUP.test(resourceGroup)) {
      throw new Error(
        `azure-resource-group: "${resourceGroup}" is not a resource group name; expected up to 90 letters, digits, '-', '_', '.', '(' or ')', not ending in '.'`
      );
    }
    const zones = ZoneIds.parse(values, "azure-zone", /^\S+$/, "example.com");
    for (const target of zones.describe().split(",").filter((part) => part !== ""))
      parseZoneTarget(target.slice(target.indexOf("=") + 1));
    const ttl = integerOption(values, "azure-ttl", 60, 1, 2147483647, "seconds");
    const apiUrl = urlOption(values, "azure-api-url", DEFAULT_API_URL) ?? DEFAULT_API_URL;
    const where = [
      zones.isEmpty ? resourceGroup ? `zones found by name in resource group ${resourceGroup}` : "zones found by name" : `zone ${zones.describe()}`,
      ...apiUrl !== DEFAULT_API_URL ? [`at ${apiUrl}`] : []
    ];
    return {
      name: "azure",
      description: `azure (${where.join(", ")})`,
      async create(context) {
        const subscription = subscriptionId ?? context.env.AZURE_SUBSCRIPTION_ID?.trim();
        if (!subscription && !zones.describe().includes("/subscriptions/")) {
          throw new Error(
            "azure-subscription-id: missing; expected the ID of the subscription that holds the DNS zone (or set AZURE_SUBSCRIPTION_ID)"
          );
        }
        if (subscription && !SUBSCRIPTION_ID.test(subscription)) {
          throw new Error(
            `azure-subscription-id: "${subscription}" (from AZURE_SUBSCRIPTION_ID) is not a subscription ID; expected a GUID such as 00000000-0000-0000-0000-000000000000`
          );
        }
        const { AzureProvider } = await import("./provider-XFMIWO5V.js");
        return new AzureProvider(
          { subscriptionId: subscription || void 0, resourceGroup, zones, ttl, apiUrl },
          context
        );
      }
    };
  }
};

// src/dns/providers/cloudflare/metadata.ts
var DEFAULT_API_URL4 = "https://api.cloudflare.com/client/v4";
var metadata8 = {
  name: "cloudflare",
  description: "Cloudflare DNS through the v4 API with a scoped API token (DNS:Edit on the zone)",
  options: [
    {
      name: "cloudflare-api-token",
      description: "Cloudflare API token with Zone:Read and DNS:Edit on the zone (a user API token, not the Global API Key).",
      required: true,
      secret: true,
      envAliases: ["CLOUDFLARE_API_TOKEN", "CLOUDFLARE_DNS_API_TOKEN", "CF_DNS_API_TOKEN"]
    },
    {
      name: "cloudflare-zone-id",
      description: "Zone ID to use instead of looking it up: one ID for every record, or `zone=ID` pairs, comma-separated. With it, a token with DNS:Edit alone (no Zone:Read) is enough."
    },
    {
      name: "cloudflare-ttl",
      description: "TTL of the TXT records, in seconds (60 to 86400; 1 means automatic).",
      default: "60"
    },
    {
      name: "cloudflare-api-url",
      description: "Cloudflare API base URL instead of the public v4 API (a local test endpoint).",
      default: DEFAULT_API_URL4
    }
  ]
};

// src/dns/providers/cloudflare/index.ts
var definition3 = {
  ...metadata8,
  configure(values) {
    const token = requireOption(
      values,
      "cloudflare-api-token",
      "a Cloudflare API token with DNS:Edit (or set CLOUDFLARE_API_TOKEN)"
    );
    if (/\s/.test(token))
      throw new Error("cloudflare-api-token: contains whitespace; paste the token exactly as Cloudflare showed it");
    const zoneIds = ZoneIds.parse(values, "cloudflare-zone-id", /^[0-9a-f]{32}$/, "023e105f4ecef8ad9ca31a8372d0c353");
    const ttl = integerOption(values, "cloudflare-ttl", 60, 1, 86400, "seconds");
    if (ttl > 1 && ttl < 60)
      throw new Error(`cloudflare-ttl: "${ttl}" is below Cloudflare's minimum; expected 1 (automatic) or 60 to 86400`);
    const apiUrl = urlOption(values, "cloudflare-api-url", DEFAULT_API_URL4) ?? DEFAULT_API_URL4;
    const settings = { token, zoneIds, apiUrl, ttl };
    const where = [
      zoneIds.isEmpty ? "zones found by name" : `zone ${zoneIds.describe()}`,
      ...apiUrl !== DEFAULT_API_URL4 ? [`at ${apiUrl}`] : []
    ];
    return {
      name: "cloudflare",
      description: `cloudflare (${where.join(", ")})`,
      async create(context) {
        const { CloudflareProvider } = await import("./provider-SOXN3IFV.js");
        return new CloudflareProvider(settings, context);
      }
    };
  }
};

// src/dns/providers/desec/metadata.ts
var DEFAULT_API_URL5 = "https://desec.io/api/v1";
var MAX_TTL = 604800;
var metadata9 = {
  name: "desec",
  description: "deSEC through the v1 API with a token scoped by policies to TXT at the challenge names",
  options: [
    {
      name: "desec-token",
      description: "deSEC API token; best one restricted by policies to writing TXT at the domain's challenge names.",
      required: true,
      secret: true,
      envAliases: ["DESEC_TOKEN"]
    },
    {
      name: "desec-ttl",
      description: "TTL of the TXT record sets certwright creates, in seconds; default the domain's `minimum_ttl` (3600 for most domains), which deSEC does not let a record set go below."
    },
    {
      name: "desec-api-url",
      description: "deSEC API URL instead of the public v1 one (a local test endpoint).",
      default: DEFAULT_API_URL5
    }
  ]
};

// src/dns/providers/desec/index.ts
var definition4 = {
  ...metadata9,
  configure(values) {
    const token = requireOption(values, "desec-token", "a deSEC API token (or set DESEC_TOKEN)");
    if (/\s/.test(token))
      throw new Error('desec-token: contains whitespace; paste the token exactly as deSEC showed it, without "Token"');
    const ttl = !values["desec-ttl"]?.trim() ? void 0 : integerOption(values, "desec-ttl", 0, 1, MAX_TTL, "seconds");
    const apiUrl = urlOption(values, "desec-api-url", DEFAULT_API_URL5) ?? DEFAULT_API_URL5;
    const settings = { token, apiUrl, ttl };
    return {
      name: "desec",
      description: `desec (${apiUrl !== DEFAULT_API_URL5 ? `at ${apiUrl}` : "desec.io"})`,
      async create(context) {
        const { DesecProvider } = await import("./provider-54PGFEUQ.js");
        return new DesecProvider(settings, context);
      }
    };
  }
};

// src/dns/providers/digitalocean/domains.ts
var OPTION = "digitalocean-domain";
var EXPECTED = "domains such as example.com, example.org, or zone=domain pairs such as sub.example.com=example.com";
function checkName(text, what) {
  const name = normalizeName(text);
  const problem = domainNameProblem(name) ?? (name.startsWith("*.") ? "a wildcard is no domain" : void 0);
  if (problem) throw new Error(`${OPTION}: "${text}" is not a ${what} name (${problem}); expected ${EXPECTED}`);
  return name;
}
function mostSpecific(names, fqdn) {
  return [...names].filter((name) => isInZone(fqdn, name)).sort((a, b) => b.length - a.length)[0];
}
var DomainChoice = class _DomainChoice {
  constructor(domains, byZone) {
    this.domains = domains;
    this.byZone = byZone;
  }
  domains;
  byZone;
  static parse(values) {
    const text = values[OPTION]?.trim() ?? "";
    const domains = [];
    const byZone = /* @__PURE__ */ new Map();
    for (const part of text.split(",").map((p) => p.trim()).filter((p) => p !== "")) {
      const at = part.indexOf("=");
      if (at < 0) {
        const domain2 = checkName(part, "domain");
        if (domains.includes(domain2)) throw new Error(`${OPTION}: domain ${domain2} is listed twice`);
        domains.push(domain2);
        continue;
      }
      const zone = checkName(part.slice(0, at).trim(), "zone");
      const domain = checkName(part.slice(at + 1).trim(), "domain");
      if (byZone.has(zone)) throw new Error(`${OPTION}: zone ${zone} is listed twice; give each zone one domain`);
      if (!isInZone(zone, domain))
        throw new Error(
          `${OPTION}: "${part}": zone ${zone} is not inside domain ${domain}; a record can only go to a domain that holds its name`
        );
      byZone.set(zone, domain);
    }
    return new _DomainChoice(domains, byZone);
  }
  get isEmpty() {
    return this.domains.length === 0 && this.byZone.size === 0;
  }
  /**
   * The domain for a record at `fqdn`: the pair of the most specific zone holding it, else the most specific domain
   * holding it.
   */
  domainFor(fqdn) {
    const zone = mostSpecific(this.byZone.keys(), fqdn);
    return zone === void 0 ? mostSpecific(this.domains, fqdn) : this.byZone.get(zone);
  }
  describe() {
    return [...this.domains, ...[...this.byZone].map(([zone, domain]) => `${zone}=${domain}`)].join(",");
  }
};

// src/dns/providers/digitalocean/metadata.ts
var DEFAULT_API_URL6 = "https://api.digitalocean.com";
var MIN_TTL = 30;
var metadata10 = {
  name: "digitalocean",
  description: "DigitalOcean DNS through the API v2 with a custom-scoped personal access token (domain:read and domain:update)",
  options: [
    {
      name: "digitalocean-token",
      description: "DigitalOcean personal access token (`dop_v1_\u2026`) with the custom scopes domain:read and domain:update.",
      required: true,
      secret: true,
      envAliases: ["DIGITALOCEAN_ACCESS_TOKEN", "DIGITALOCEAN_TOKEN", "DO_AUTH_TOKEN"]
    },
    {
      name: "digitalocean-domain",
      description: "The DigitalOcean domain(s) the records go to, instead of listing the account's domains: domains comma-separated (each record goes to the most specific one holding its name), or `zone=domain` pairs."
    },
    {
      name: "digitalocean-ttl",
      description: "TTL of the TXT records, in seconds (30, DigitalOcean's minimum, to 86400).",
      default: String(MIN_TTL)
    },
    {
      name: "digitalocean-api-url",
      description: "DigitalOcean API URL instead of the public one (a local test endpoint); the `/v2` paths are appended.",
      default: DEFAULT_API_URL6
    }
  ]
};

// src/dns/providers/digitalocean/index.ts
var definition5 = {
  ...metadata10,
  configure(values) {
    const token = requireOption(
      values,
      "digitalocean-token",
      "a DigitalOcean personal access token with domain:read and domain:update (or set DIGITALOCEAN_ACCESS_TOKEN)"
    );
    if (/\s/.test(token))
      throw new Error("digitalocean-token: contains whitespace; paste the token exactly as DigitalOcean showed it");
    if (token.startsWith("dor_v1_"))
      throw new Error(
        "digitalocean-token: is an OAuth refresh token (dor_v1_\u2026), which the API does not accept; generate a personal access token (dop_v1_\u2026)"
      );
    const domains = DomainChoice.parse(values);
    const ttl = integerOption(values, "digitalocean-ttl", MIN_TTL, MIN_TTL, 86400, "seconds");
    const apiUrl = (urlOption(values, "digitalocean-api-url", DEFAULT_API_URL6) ?? DEFAULT_API_URL6).replace(/\/v2$/, "");
    const settings = { token, domains, apiUrl, ttl };
    const where = [
      domains.isEmpty ? "domains found by listing" : `domain ${domains.describe()}`,
      ...apiUrl !== DEFAULT_API_URL6 ? [`at ${apiUrl}`] : []
    ];
    return {
      name: "digitalocean",
      description: `digitalocean (${where.join(", ")})`,
      async create(context) {
        const { DigitalOceanProvider } = await import("./provider-SLKVRSRU.js");
        return new DigitalOceanProvider(settings, context);
      }
    };
  }
};

// src/dns/providers/dnsimple/metadata.ts
var DEFAULT_API_URL7 = "https://api.dnsimple.com";
var MIN_TTL2 = 60;
var metadata11 = {
  name: "dnsimple",
  description: "DNSimple DNS through the API v2 with an account access token",
  options: [
    {
      name: "dnsimple-oauth-token",
      description: "DNSimple account access token (Account \u2192 Access tokens), or a user token with dnsimple-account-id.",
      required: true,
      secret: true,
      envAliases: ["DNSIMPLE_OAUTH_TOKEN"]
    },
    {
      name: "dnsimple-account-id",
      description: "The numeric ID of the DNSimple account that holds the zones, instead of asking `/v2/whoami` (needed with a user token)."
    },
    {
      name: "dnsimple-ttl",
      description: "TTL of the TXT records, in seconds (60 to 86400).",
      default: String(MIN_TTL2)
    },
    {
      name: "dnsimple-api-url",
      description: `DNSimple API URL instead of the production one: \`https://api.sandbox.dnsimple.com\` for the sandbox, or a local test endpoint; the \`/v2\` paths are appended. ${DEFAULT_API_URL7} when neither it nor DNSIMPLE_BASE_URL is set.`,
      envAliases: ["DNSIMPLE_BASE_URL"]
    }
  ]
};

// src/dns/providers/dnsimple/index.ts
function apiOrigin(url) {
  return url.replace(/\/v2$/, "");
}
var definition6 = {
  ...metadata11,
  configure(values) {
    const token = requireOption(
      values,
      "dnsimple-oauth-token",
      "a DNSimple account access token (or set DNSIMPLE_OAUTH_TOKEN)"
    );
    if (/\s/.test(token))
      throw new Error("dnsimple-oauth-token: contains whitespace; paste the token exactly as DNSimple showed it");
    const accountId = values["dnsimple-account-id"]?.trim() || void 0;
    if (accountId !== void 0 && !/^\d{1,15}$/.test(accountId))
      throw new Error(
        `dnsimple-account-id: "${accountId}" is not an account ID; expected the number in the account's URL, such as 1385`
      );
    const ttl = integerOption(values, "dnsimple-ttl", MIN_TTL2, MIN_TTL2, 86400, "seconds");
    const given2 = values["dnsimple-api-url"]?.trim() ? urlOption(values, "dnsimple-api-url", DEFAULT_API_URL7) : void 0;
    const where = [
      accountId ? `account ${accountId}` : "account of the token",
      ...given2 && given2 !== DEFAULT_API_URL7 ? [`at ${given2}`] : []
    ];
    return {
      name: "dnsimple",
      description: `dnsimple (${where.join(", ")})`,
      async create(context) {
        const apiUrl = apiOrigin(given2 ?? DEFAULT_API_URL7);
        const { DnsimpleProvider } = await import("./provider-FFDBIYCN.js");
        return new DnsimpleProvider({ token, accountId, apiUrl, ttl }, context);
      }
    };
  }
};

// src/dns/providers/exec/metadata.ts
var metadata12 = {
  name: "exec",
  description: "Your own commands, with certbot's manual-hook environment (existing certbot hook scripts work unchanged)",
  options: [
    {
      name: "exec-auth-hook",
      description: "Command run (by /bin/sh) once per challenge to create the TXT record, with CERTBOT_DOMAIN, CERTBOT_VALIDATION, CERTBOT_ALL_DOMAINS, CERTBOT_REMAINING_CHALLENGES, and CERTWRIGHT_FQDN / CERTWRIGHT_ZONE.",
      required: true,
      cliAliases: ["manual-auth-hook"]
    },
    {
      name: "exec-cleanup-hook",
      description: "Command run once per challenge to delete the record, with the same variables plus CERTBOT_AUTH_OUTPUT (what the auth hook printed; empty when the post step cleans up after a crash).",
      cliAliases: ["manual-cleanup-hook"]
    },
    {
      name: "exec-timeout",
      description: "Seconds one hook run may take before it is killed with everything it started: the auth and cleanup hooks here, and pre-hook, post-hook and deploy-hook.",
      default: "120"
    }
  ]
};

// src/dns/providers/exec/provider.ts
function baseDomain(domain) {
  return domain.startsWith("*.") ? domain.slice(2) : domain;
}
function refuseOddNames(record) {
  const names = {
    CERTBOT_DOMAIN: baseDomain(record.domain),
    CERTWRIGHT_FQDN: record.fqdn,
    CERTWRIGHT_ZONE: record.zone
  };
  for (const [variable, name] of Object.entries(names)) {
    const problem = hostNameProblem(name);
    if (problem)
      throw new Error(
        `exec: refusing to run a hook with ${variable}=${quotedName(name)}: not a host name (${problem})`
      );
  }
}
var ExecProvider = class {
  constructor(settings, context) {
    this.settings = settings;
    this.context = context;
  }
  settings;
  context;
  name = "exec";
  authOutputs = /* @__PURE__ */ new Map();
  async createRecords(records) {
    records.forEach(refuseOddNames);
    const allDomains = records.map((r) => baseDomain(r.domain)).join(",");
    for (const [index, record] of records.entries()) {
      const env = this.hookEnv(record, allDomains, records.length - index - 1);
      const { stdout } = await this.run("auth", this.settings.authHook, record, env);
      this.authOutputs.set(`${record.fqdn} ${record.value}`, stdout.trim());
    }
  }
  async deleteRecords(records) {
    const hook = this.settings.cleanupHook;
    if (!hook) return;
    records.forEach(refuseOddNames);
    const allDomains = records.map((r) => baseDomain(r.domain)).join(",");
    const failures = [];
    for (const [index, record] of records.entries()) {
      const output = this.authOutputs.get(`${record.fqdn} ${record.value}`) ?? "";
      const env = { ...this.hookEnv(record, allDomains, records.length - index - 1), CERTBOT_AUTH_OUTPUT: output };
      try {
        await this.run("cleanup", hook, record, env);
        this.authOutputs.delete(`${record.fqdn} ${record.value}`);
      } catch (error) {
        failures.push(error.message);
      }
    }
    if (failures.length > 0) throw new Error(failures.join("; "));
  }
  hookEnv(record, allDomains, remaining) {
    return {
      ...this.context.env,
      CERTBOT_DOMAIN: baseDomain(record.domain),
      CERTBOT_VALIDATION: record.value,
      CERTBOT_ALL_DOMAINS: allDomains,
      CERTBOT_REMAINING_CHALLENGES: String(remaining),
      // certwright's own additions: where the core found the record should go.
      CERTWRIGHT_FQDN: record.fqdn,
      CERTWRIGHT_ZONE: record.zone
    };
  }
  async run(kind, command, record, env) {
    let result;
    try {
      result = await runCommand({ command, env, timeoutMs: this.settings.timeoutMs });
    } catch (error) {
      throw new Error(`exec: ${kind} hook for ${record.domain} could not start`, { cause: error });
    }
    const { code, signal, stdout, stderr, timedOut } = result;
    if (stderr.trim()) this.context.logger.debug(`exec: ${kind} hook for ${record.domain}: ${stderr.trim()}`);
    if (code === 0 && !timedOut) return { stdout };
    const why = timedOut ? `ran over exec-timeout (${this.settings.timeoutMs / 1e3} s) and was stopped with everything it started` : signal ? `was killed (${signal})` : `exited with ${code}`;
    const tail = stderr.trim().split("\n").slice(-3).join(" | ");
    throw new Error(`exec: ${kind} hook for ${record.domain} ${why}${tail ? `: ${tail}` : ""}`);
  }
};

// src/dns/providers/exec/index.ts
var definition7 = {
  ...metadata12,
  configure(values) {
    const authHook = values["exec-auth-hook"]?.trim();
    if (!authHook)
      throw new Error(
        "exec-auth-hook: missing; expected the command that creates the TXT record (certbot --manual-auth-hook)"
      );
    const cleanupHook = values["exec-cleanup-hook"]?.trim() || void 0;
    const timeoutText = values["exec-timeout"]?.trim() || "120";
    if (!/^\d+$/.test(timeoutText) || Number(timeoutText) < 1) {
      throw new Error(`exec-timeout: "${timeoutText}" is not a duration; expected whole seconds, such as 120`);
    }
    const settings = {
      authHook,
      ...cleanupHook ? { cleanupHook } : {},
      timeoutMs: Number(timeoutText) * 1e3
    };
    return {
      name: "exec",
      description: `exec hooks (auth${cleanupHook ? " + cleanup" : ", no cleanup hook"})`,
      create: (context) => Promise.resolve(new ExecProvider(settings, context))
    };
  }
};

// src/dns/providers/gandi/metadata.ts
var DEFAULT_API_URL8 = "https://api.gandi.net/v5/livedns";
var MIN_TTL3 = 300;
var MAX_TTL2 = 2592e3;
var metadata13 = {
  name: "gandi",
  description: "Gandi LiveDNS through the v5 API with a personal access token (manage technical configurations)",
  options: [
    {
      name: "gandi-personal-access-token",
      description: 'Gandi personal access token with "Manage domain name technical configurations" on the domains (not the deprecated API key).',
      required: true,
      secret: true,
      envAliases: ["GANDIV5_PERSONAL_ACCESS_TOKEN"]
    },
    {
      name: "gandi-ttl",
      description: "TTL of the TXT records certwright creates, in seconds (300, LiveDNS's minimum, to 2592000).",
      default: String(MIN_TTL3)
    },
    {
      name: "gandi-api-url",
      description: "Gandi LiveDNS API URL instead of the public v5 one (a local test endpoint).",
      default: DEFAULT_API_URL8
    }
  ]
};

// src/dns/providers/gandi/index.ts
var definition8 = {
  ...metadata13,
  configure(values) {
    const token = requireOption(
      values,
      "gandi-personal-access-token",
      "a Gandi personal access token (or set GANDIV5_PERSONAL_ACCESS_TOKEN; API keys, GANDIV5_API_KEY, are deprecated by Gandi and not taken)"
    );
    if (/\s/.test(token))
      throw new Error(
        'gandi-personal-access-token: contains whitespace; paste the token exactly as Gandi showed it, without "Bearer"'
      );
    const ttl = integerOption(values, "gandi-ttl", MIN_TTL3, MIN_TTL3, MAX_TTL2, "seconds");
    const apiUrl = urlOption(values, "gandi-api-url", DEFAULT_API_URL8) ?? DEFAULT_API_URL8;
    const settings = { token, apiUrl, ttl };
    return {
      name: "gandi",
      description: `gandi (LiveDNS v5${apiUrl !== DEFAULT_API_URL8 ? ` at ${apiUrl}` : ""})`,
      async create(context) {
        const { GandiProvider } = await import("./provider-HT27RERE.js");
        return new GandiProvider(settings, context);
      }
    };
  }
};

// src/dns/providers/google/index.ts
var PROJECT_ID = /^([a-z0-9][a-z0-9.-]*[a-z0-9]:)?[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
var MANAGED_ZONE = /^([a-z]([a-z0-9-]{0,61}[a-z0-9])?|\d{1,20})$/;
var definition9 = {
  ...metadata2,
  configure(values) {
    const project = values["google-project"]?.trim() || void 0;
    if (project !== void 0 && !PROJECT_ID.test(project)) {
      throw new Error(
        `google-project: "${project}" is not a project ID; expected one such as my-dns-project (the ID, not the display name)`
      );
    }
    const managedZones = ZoneIds.parse(values, "google-managed-zone", MANAGED_ZONE, "example-com");
    const apiUrl = urlOption(values, "google-api-url", DEFAULT_API_URL2) ?? DEFAULT_API_URL2;
    const settings = {
      ...project ? { project } : {},
      managedZones,
      privateZones: booleanOption(values, "google-private-zones", false),
      ttl: integerOption(values, "google-ttl", 60, 1, 86400, "seconds"),
      apiUrl
    };
    const parts = [
      managedZones.isEmpty ? `${settings.privateZones ? "public and private" : "public"} zones found by name` : `managed zone ${managedZones.describe()}`,
      ...project ? [`project ${project}`] : [],
      ...apiUrl !== DEFAULT_API_URL2 ? [`at ${apiUrl}`] : []
    ];
    return {
      name: "google",
      description: `google (${parts.join(", ")})`,
      async create(context) {
        const { GoogleProvider } = await import("./provider-I2FTX2M4.js");
        return new GoogleProvider(settings, context);
      }
    };
  }
};

// src/dns/providers/hetzner/metadata.ts
var DEFAULT_API_URL9 = "https://api.hetzner.cloud/v1";
var MIN_TTL4 = 60;
var metadata14 = {
  name: "hetzner",
  description: "Hetzner DNS through the Hetzner Cloud API v1 (zones and RRSets) with a project API token (Read & Write)",
  options: [
    {
      name: "hetzner-api-token",
      description: "Hetzner Cloud API token (Read & Write) of the project that holds the zone. A token of the old DNS Console (dns.hetzner.com) does not work with this API.",
      required: true,
      secret: true,
      envAliases: ["HETZNER_API_TOKEN", "HCLOUD_TOKEN"]
    },
    {
      name: "hetzner-ttl",
      description: "TTL of the TXT RRSets certwright creates, in seconds (60, Hetzner's minimum, to 86400).",
      default: String(MIN_TTL4)
    },
    {
      name: "hetzner-api-url",
      description: "Hetzner Cloud API base URL instead of the public v1 API (a local test endpoint).",
      default: DEFAULT_API_URL9
    }
  ]
};

// src/dns/providers/hetzner/index.ts
var definition10 = {
  ...metadata14,
  configure(values) {
    const token = requireOption(
      values,
      "hetzner-api-token",
      "a Hetzner Cloud API token with Read & Write of the project holding the zone (or set HETZNER_API_TOKEN)"
    );
    if (/\s/.test(token))
      throw new Error("hetzner-api-token: contains whitespace; paste the token exactly as Hetzner showed it");
    const ttl = integerOption(values, "hetzner-ttl", MIN_TTL4, MIN_TTL4, 86400, "seconds");
    const apiUrl = urlOption(values, "hetzner-api-url", DEFAULT_API_URL9) ?? DEFAULT_API_URL9;
    if (/dns\.hetzner\.com/i.test(apiUrl))
      throw new Error(
        `hetzner-api-url: ${apiUrl} is the old DNS Console API, which Hetzner retired; leave hetzner-api-url unset (the Cloud API) and migrate the zone to the Hetzner Console`
      );
    const settings = { token, apiUrl, ttl };
    return {
      name: "hetzner",
      description: `hetzner (zones by name${apiUrl !== DEFAULT_API_URL9 ? `, at ${apiUrl}` : ""})`,
      async create(context) {
        const { HetznerProvider } = await import("./provider-UE7F4KMN.js");
        return new HetznerProvider(settings, context);
      }
    };
  }
};

// src/dns/providers/httpreq/metadata.ts
var metadata15 = {
  name: "httpreq",
  description: "Your own DNS backend behind lego's httpreq protocol: POST /present and /cleanup with {fqdn, value}",
  options: [
    {
      name: "httpreq-endpoint",
      description: "Base URL of the backend (lego's HTTPREQ_ENDPOINT): certwright POSTs to `<endpoint>/present` and `<endpoint>/cleanup`.",
      required: true,
      envAliases: ["HTTPREQ_ENDPOINT"]
    },
    {
      name: "httpreq-username",
      description: "Basic authentication user name (lego's HTTPREQ_USERNAME); needs httpreq-password.",
      envAliases: ["HTTPREQ_USERNAME"]
    },
    {
      name: "httpreq-password",
      description: "Basic authentication password (lego's HTTPREQ_PASSWORD); needs httpreq-username.",
      secret: true,
      envAliases: ["HTTPREQ_PASSWORD"]
    },
    {
      name: "httpreq-timeout",
      description: "Seconds one request may take before it counts as failed (lego's HTTPREQ_HTTP_TIMEOUT).",
      default: "30"
    }
  ]
};

// src/dns/providers/httpreq/index.ts
var definition11 = {
  ...metadata15,
  configure(values) {
    const text = requireOption(
      values,
      "httpreq-endpoint",
      "the base URL of your httpreq backend, such as https://dns-api.example.com/acme"
    );
    const endpoint = endpointUrl(text);
    const username = values["httpreq-username"]?.trim() || void 0;
    const password = values["httpreq-password"] || void 0;
    if (username && !password)
      throw new Error(
        "httpreq-password: missing; httpreq-username was given, and basic authentication needs both (or set CERTWRIGHT_HTTPREQ_PASSWORD)"
      );
    if (password && !username)
      throw new Error("httpreq-username: missing; httpreq-password was given, and basic authentication needs both");
    if (username?.includes(":"))
      throw new Error(
        `httpreq-username: "${username}" contains ":", which basic authentication cannot carry in a user name`
      );
    if (password) refusePlainHttp("httpreq-endpoint", endpoint, "the basic authentication password");
    if (endpoint.search) refusePlainHttp("httpreq-endpoint", endpoint, "the key in its query");
    const timeoutMs = integerOption(values, "httpreq-timeout", 30, 1, 600, "seconds") * 1e3;
    const settings = {
      endpoint,
      ...username && password ? { auth: { username, password } } : {},
      timeoutMs
    };
    return {
      name: "httpreq",
      description: `httpreq (${shownUrl(endpoint)}${settings.auth ? `, basic auth as ${username}` : ""})`,
      async create(context) {
        const { HttpreqProvider } = await import("./provider-Z2U6NTQ3.js");
        return new HttpreqProvider(settings, context);
      }
    };
  }
};
function endpointUrl(text) {
  let url;
  try {
    url = new URL(text);
  } catch {
    throw new Error(
      `httpreq-endpoint: "${text}" is not a URL; expected the base URL of your backend, such as https://dns-api.example.com/acme`
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw new Error(
      `httpreq-endpoint: "${shownUrl(url)}" is not an http(s) URL; expected such as https://dns-api.example.com/acme`
    );
  if (url.username || url.password)
    throw new Error(
      "httpreq-endpoint: the URL carries credentials; pass them as httpreq-username and httpreq-password instead"
    );
  url.hash = "";
  return url;
}

// src/dns/providers/infoblox/metadata.ts
var DEFAULT_WAPI_VERSION = "2.11";
var DEFAULT_VIEW = "default";
var DEFAULT_PORT = 443;
var metadata16 = {
  name: "infoblox",
  description: "Infoblox NIOS (on-premises Grid Manager) through its WAPI, with a WAPI user and password",
  options: [
    {
      name: "infoblox-host",
      description: "Host name or address of the Grid Manager (or a WAPI-serving member), without scheme or path.",
      required: true,
      envAliases: ["INFOBLOX_HOST"]
    },
    {
      name: "infoblox-port",
      description: `HTTPS port of the WAPI; ${DEFAULT_PORT} when neither it nor INFOBLOX_PORT is set.`,
      envAliases: ["INFOBLOX_PORT"]
    },
    {
      name: "infoblox-username",
      description: "WAPI user (an admin with API access and DNS permissions on the zone).",
      required: true,
      envAliases: ["INFOBLOX_USERNAME"]
    },
    {
      name: "infoblox-password",
      description: "The WAPI user's password.",
      required: true,
      secret: true,
      envAliases: ["INFOBLOX_PASSWORD"]
    },
    {
      name: "infoblox-view",
      description: `DNS view that holds the zones and gets the TXT records; \`${DEFAULT_VIEW}\` when neither it nor INFOBLOX_DNS_VIEW is set.`,
      envAliases: ["INFOBLOX_DNS_VIEW"]
    },
    {
      name: "infoblox-wapi-version",
      description: `WAPI version in the URL (\`/wapi/v${DEFAULT_WAPI_VERSION}/\`), 2.x; ${DEFAULT_WAPI_VERSION} when neither it nor INFOBLOX_WAPI_VERSION is set.`,
      envAliases: ["INFOBLOX_WAPI_VERSION"]
    },
    {
      name: "infoblox-ca-file",
      description: "PEM file with the CA that signed the Grid Manager's HTTPS certificate (its self-signed or private CA), trusted for this provider only, beside the system roots.",
      envAliases: ["INFOBLOX_CA_CERTIFICATE"]
    },
    {
      name: "infoblox-ttl",
      description: "TTL of the TXT records, in seconds.",
      default: "60"
    }
  ]
};

// src/dns/providers/infoblox/settings.ts
function given(values, name) {
  const value2 = optionalOption(values, name);
  return value2 === void 0 ? void 0 : { value: value2, source: name };
}
function parseHost(host, port) {
  if (/^http:\/\//i.test(host.value))
    throw new Error(`${host.source}: "${host.value}" is plain http; the WAPI is served over https only`);
  let url;
  try {
    url = new URL(/^https:\/\//i.test(host.value) ? host.value : `https://${host.value}`);
  } catch {
    throw new Error(`${host.source}: "${host.value}" is not a host name; expected one such as gm.example.com`);
  }
  if (url.username || url.password || url.search || url.hash || url.pathname.replace(/\/+$/, "") !== "")
    throw new Error(
      `${host.source}: "${host.value}" is not a host name; expected the Grid Manager's name alone, such as gm.example.com (the path /wapi/v\u2026 is added, credentials go in infoblox-username and infoblox-password)`
    );
  let portNumber = url.port === "" ? DEFAULT_PORT : Number(url.port);
  if (port !== void 0) {
    const number = Number(port.value);
    if (!/^\d+$/.test(port.value) || number < 1 || number > 65535)
      throw new Error(`${port.source}: "${port.value}" is not a port; expected a number from 1 to 65535`);
    if (url.port !== "" && number !== portNumber)
      throw new Error(`${port.source}: "${port.value}" differs from the port in ${host.source}; give the port once`);
    portNumber = number;
  }
  return { origin: `https://${url.hostname}:${portNumber}` };
}
function parseVersion(version) {
  if (version === void 0) return DEFAULT_WAPI_VERSION;
  const text = version.value.replace(/^v/i, "");
  if (!/^2\.\d{1,2}(\.\d{1,2})?$/.test(text))
    throw new Error(`${version.source}: "${version.value}" is not a WAPI version; expected 2.x, such as 2.11`);
  return text;
}
function parseView(view) {
  if (view === void 0) return DEFAULT_VIEW;
  if (/[\u0000-\u001f\u007f]/.test(view.value) || view.value.length > 64)
    throw new Error(`${view.source}: "${view.value}" is not a DNS view name; expected a name such as default`);
  return view.value;
}
function parseUsername(username) {
  if (username === void 0)
    throw new Error("infoblox-username: missing; expected the WAPI user (or set INFOBLOX_USERNAME)");
  if (username.value.includes(":"))
    throw new Error(`${username.source}: contains ":", which HTTP basic authentication cannot carry in a user name`);
  return username.value;
}
function parseSettings(values) {
  const host = given(values, "infoblox-host");
  if (host === void 0)
    throw new Error(
      "infoblox-host: missing; expected the host name of the Grid Manager, such as gm.example.com (or set INFOBLOX_HOST)"
    );
  const { origin } = parseHost(host, given(values, "infoblox-port"));
  const wapiVersion = parseVersion(given(values, "infoblox-wapi-version"));
  const username = parseUsername(given(values, "infoblox-username"));
  const password = optionalOption(values, "infoblox-password") ?? "";
  if (password === "")
    throw new Error("infoblox-password: missing; expected the WAPI user's password (or set INFOBLOX_PASSWORD)");
  return {
    baseUrl: `${origin}/wapi/v${wapiVersion}`,
    username,
    password,
    view: parseView(given(values, "infoblox-view")),
    wapiVersion,
    caFile: given(values, "infoblox-ca-file")?.value,
    ttl: integerOption(values, "infoblox-ttl", 60, 0, 2147483647, "seconds")
  };
}
function asksToSkipVerification(env) {
  return ["false", "0", "no"].includes(env.INFOBLOX_SSL_VERIFY?.trim().toLowerCase() ?? "");
}

// src/dns/providers/infoblox/index.ts
var definition12 = {
  ...metadata16,
  configure(values) {
    const settings = parseSettings(values);
    return {
      name: "infoblox",
      description: `infoblox (view ${settings.view} at ${settings.baseUrl})`,
      async create(context) {
        if (asksToSkipVerification(context.env))
          context.logger.warn(
            "infoblox: INFOBLOX_SSL_VERIFY asks not to verify the Grid Manager certificate; certwright always verifies it: set infoblox-ca-file to the PEM of its CA instead"
          );
        const { createInfobloxProvider } = await import("./provider-N4XYU6QM.js");
        return createInfobloxProvider(settings, context);
      }
    };
  }
};

// src/dns/providers/linode/metadata.ts
var DEFAULT_API_URL10 = "https://api.linode.com/v4";
var MIN_TTL5 = 300;
var metadata17 = {
  name: "linode",
  description: "Linode (Akamai) DNS Manager through the API v4 with a personal access token (Domains: Read/Write)",
  options: [
    {
      name: "linode-token",
      description: "Linode personal access token with the scope Domains: Read/Write (`domains:read_write`), nothing else.",
      required: true,
      secret: true,
      envAliases: ["LINODE_TOKEN"]
    },
    {
      name: "linode-ttl",
      description: "TTL of the TXT records, in seconds (300, Linode's minimum, to 604800; Linode rounds up to its own steps).",
      default: String(MIN_TTL5)
    },
    {
      name: "linode-api-url",
      description: "Linode API base URL instead of the public v4 API (a local test endpoint).",
      default: DEFAULT_API_URL10
    }
  ]
};

// src/dns/providers/linode/index.ts
var definition13 = {
  ...metadata17,
  configure(values) {
    const token = requireOption(
      values,
      "linode-token",
      "a Linode personal access token with Domains: Read/Write (or set LINODE_TOKEN)"
    );
    if (/\s/.test(token))
      throw new Error("linode-token: contains whitespace; paste the token exactly as Linode showed it");
    const ttl = integerOption(values, "linode-ttl", MIN_TTL5, MIN_TTL5, 604800, "seconds");
    const apiUrl = urlOption(values, "linode-api-url", DEFAULT_API_URL10) ?? DEFAULT_API_URL10;
    const settings = { token, apiUrl, ttl };
    return {
      name: "linode",
      description: `linode (domains found by name${apiUrl !== DEFAULT_API_URL10 ? `, at ${apiUrl}` : ""})`,
      async create(context) {
        const { LinodeProvider } = await import("./provider-7QKQID2P.js");
        return new LinodeProvider(settings, context);
      }
    };
  }
};

// src/dns/providers/ovh/metadata.ts
var ENDPOINTS = {
  "ovh-eu": "https://eu.api.ovh.com/1.0",
  "ovh-ca": "https://ca.api.ovh.com/1.0",
  "ovh-us": "https://api.us.ovhcloud.com/1.0",
  "kimsufi-eu": "https://eu.api.kimsufi.com/1.0",
  "kimsufi-ca": "https://ca.api.kimsufi.com/1.0",
  "soyoustart-eu": "https://eu.api.soyoustart.com/1.0",
  "soyoustart-ca": "https://ca.api.soyoustart.com/1.0"
};
var DEFAULT_ENDPOINT = "ovh-eu";
var MIN_TTL6 = 60;
var metadata18 = {
  name: "ovh",
  description: "OVHcloud DNS through the API 1.0 with signed requests (application key and secret, a consumer key limited to the zone)",
  options: [
    {
      name: "ovh-application-key",
      description: "OVH application key (AK), from createApp or createToken on the endpoint of your region.",
      required: true,
      secret: true,
      envAliases: ["OVH_APPLICATION_KEY"]
    },
    {
      name: "ovh-application-secret",
      description: "OVH application secret (AS) of that application key; it signs every request.",
      required: true,
      secret: true,
      envAliases: ["OVH_APPLICATION_SECRET"]
    },
    {
      name: "ovh-consumer-key",
      description: "OVH consumer key (CK) validated for the application, with GET, POST and DELETE on /domain/zone/<zone>/* only.",
      required: true,
      secret: true,
      envAliases: ["OVH_CONSUMER_KEY"]
    },
    {
      name: "ovh-endpoint",
      description: "OVH API endpoint: ovh-eu, ovh-ca, ovh-us, kimsufi-eu, kimsufi-ca, soyoustart-eu, soyoustart-ca, or a URL (a local test endpoint); ovh-eu when neither it nor OVH_ENDPOINT is set.",
      envAliases: ["OVH_ENDPOINT"]
    },
    {
      name: "ovh-ttl",
      description: "TTL of the TXT records, in seconds (60 to 86400).",
      default: String(MIN_TTL6)
    }
  ]
};

// src/dns/providers/ovh/index.ts
function endpointUrl2(text, source) {
  const named = ENDPOINTS[text.trim().toLowerCase()];
  if (named) return named;
  if (!/^https?:\/\//i.test(text.trim()))
    throw new Error(
      `ovh-endpoint: "${text}"${source} is neither an endpoint name (${Object.keys(ENDPOINTS).join(", ")}) nor a URL`
    );
  return urlOption({ "ovh-endpoint": text.trim() }, "ovh-endpoint", ENDPOINTS[DEFAULT_ENDPOINT]);
}
function secretKey(values, name, variable) {
  const value2 = requireOption(values, name, `the OVH ${name.slice(4).replace(/-/g, " ")} (or set ${variable})`);
  if (/\s/.test(value2)) throw new Error(`${name}: contains whitespace; paste it exactly as OVH showed it`);
  return value2;
}
var definition14 = {
  ...metadata18,
  configure(values) {
    const applicationKey = secretKey(values, "ovh-application-key", "OVH_APPLICATION_KEY");
    const applicationSecret = secretKey(values, "ovh-application-secret", "OVH_APPLICATION_SECRET");
    const consumerKey = secretKey(values, "ovh-consumer-key", "OVH_CONSUMER_KEY");
    const given2 = values["ovh-endpoint"]?.trim();
    const apiUrl = endpointUrl2(given2 || DEFAULT_ENDPOINT, "");
    const ttl = integerOption(values, "ovh-ttl", MIN_TTL6, MIN_TTL6, 86400, "seconds");
    return {
      name: "ovh",
      description: `ovh (${given2 || DEFAULT_ENDPOINT})`,
      async create(context) {
        const { OvhProvider } = await import("./provider-KJBXAOUK.js");
        return new OvhProvider({ applicationKey, applicationSecret, consumerKey, apiUrl, ttl }, context);
      }
    };
  }
};

// src/dns/providers/powerdns/metadata.ts
var DEFAULT_SERVER_ID = "localhost";
var metadata19 = {
  name: "powerdns",
  description: "PowerDNS Authoritative Server through its HTTP API (v1) with the X-API-Key",
  options: [
    {
      name: "powerdns-api-url",
      description: "PowerDNS API origin, such as https://pdns.example.com:8081 (the server's `webserver-address` and `webserver-port`, or a TLS proxy in front of them); the `/api/v1` paths are appended. Plain http only to a loopback address.",
      required: true
    },
    {
      name: "powerdns-api-key",
      description: "PowerDNS API key (the server's `api-key` setting), sent as X-API-Key.",
      required: true,
      secret: true,
      envAliases: ["PDNS_API_KEY"]
    },
    {
      name: "powerdns-server-id",
      description: "Server id in the API paths (`/api/v1/servers/<id>`); `localhost` on every Authoritative Server.",
      default: DEFAULT_SERVER_ID
    },
    {
      name: "powerdns-ttl",
      description: "TTL of a TXT record set certwright creates, in seconds (a set that exists keeps its TTL).",
      default: "60"
    }
  ]
};

// src/dns/providers/powerdns/index.ts
var definition15 = {
  ...metadata19,
  configure(values) {
    const given2 = requireOption(
      values,
      "powerdns-api-url",
      "the PowerDNS API origin, such as https://pdns.example.com:8081 (the server's webserver address)"
    );
    const apiUrl = (urlOption(values, "powerdns-api-url", "https://pdns.example.com:8081") ?? given2).replace(
      /\/api(\/v1)?$/,
      ""
    );
    const apiKey = requireOption(
      values,
      "powerdns-api-key",
      "the PowerDNS API key, the server's api-key setting (or set PDNS_API_KEY)"
    );
    if (/\s/.test(apiKey))
      throw new Error("powerdns-api-key: contains whitespace; paste the key exactly as the server's api-key holds it");
    const serverId = values["powerdns-server-id"]?.trim() || DEFAULT_SERVER_ID;
    if (!/^[A-Za-z0-9._-]+$/.test(serverId))
      throw new Error(`powerdns-server-id: "${serverId}" is not a server id; expected one such as localhost`);
    const ttl = integerOption(values, "powerdns-ttl", 60, 1, 86400, "seconds");
    const settings = { apiUrl, apiKey, serverId, ttl };
    return {
      name: "powerdns",
      description: `powerdns (server ${serverId} at ${apiUrl})`,
      async create(context) {
        const { PowerDnsProvider } = await import("./provider-UPPBJDWI.js");
        return new PowerDnsProvider(settings, context);
      }
    };
  }
};

// src/dns/providers/rfc2136/tsig.ts
import { createHmac, timingSafeEqual } from "node:crypto";

// src/dns/wire.ts
var import_dns_packet = __toESM(require_dns_packet(), 1);
import dgram from "node:dgram";
import { randomInt } from "node:crypto";
import net from "node:net";
import { isIP as isIP2 } from "node:net";
function newMessageId() {
  return randomInt(0, 65536);
}
function messageKey(message) {
  try {
    if (message.length < 12) return void 0;
    const flags = message.readUInt16BE(2);
    const questions = [];
    let offset = 12;
    for (let i = 0; i < message.readUInt16BE(4); i++) {
      const name = nameCodec.decode(message, offset);
      offset += nameCodec.decode.bytes;
      questions.push(
        `${name.toLowerCase().replace(/\.$/, "")} ${message.readUInt16BE(offset)} ${message.readUInt16BE(offset + 2)}`
      );
      offset += 4;
    }
    return {
      id: message.readUInt16BE(0),
      response: (flags & 32768) !== 0,
      opcode: flags >> 11 & 15,
      rcode: flags & 15,
      questions
    };
  } catch {
    return void 0;
  }
}
var FORMERR = 1;
var NOTIMP = 4;
function answersQuery(query2, reply) {
  const asked = messageKey(query2);
  const got = messageKey(reply);
  if (!asked || !got || !got.response || got.id !== asked.id || got.opcode !== asked.opcode) return false;
  if (got.questions.length === 0 && (got.rcode === FORMERR || got.rcode === NOTIMP)) return true;
  return got.questions.length === asked.questions.length && got.questions.every((q, i) => q === asked.questions[i]);
}
function exchangeUdp(server, message, timeoutMs) {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket(isIP2(server.host) === 6 ? "udp6" : "udp4");
    let ignored = 0;
    const timer = setTimeout(() => {
      const why = ignored > 0 ? ` (ignored ${ignored} repl${ignored === 1 ? "y" : "ies"} to another query)` : "";
      finish(new Error(`dns: no UDP answer from ${formatServerAddress(server)} within ${timeoutMs} ms${why}`));
    }, timeoutMs);
    function finish(error, reply) {
      clearTimeout(timer);
      socket.close();
      if (error) reject(error);
      else resolve(reply);
    }
    socket.on("message", (reply) => {
      if (answersQuery(message, reply)) finish(void 0, reply);
      else ignored++;
    });
    socket.on(
      "error",
      (error) => finish(new Error(`dns: UDP to ${formatServerAddress(server)} failed`, { cause: error }))
    );
    socket.connect(server.port, server.host, () => socket.send(message));
  });
}
function exchangeTcp(server, message, timeoutMs) {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: server.host, port: server.port });
    let received = Buffer.alloc(0);
    socket.setTimeout(
      timeoutMs,
      () => socket.destroy(new Error(`dns: no TCP answer from ${formatServerAddress(server)} within ${timeoutMs} ms`))
    );
    socket.on("connect", () => {
      const length = Buffer.alloc(2);
      length.writeUInt16BE(message.length);
      socket.write(Buffer.concat([length, message]));
    });
    socket.on("data", (chunk) => {
      received = Buffer.concat([received, chunk]);
      if (received.length >= 2 && received.length >= 2 + received.readUInt16BE(0)) {
        socket.end();
        const reply = received.subarray(2, 2 + received.readUInt16BE(0));
        if (answersQuery(message, reply)) resolve(reply);
        else reject(new Error(`dns: ${formatServerAddress(server)} answered another query over TCP`));
      }
    });
    socket.on(
      "error",
      (error) => reject(new Error(`dns: TCP to ${formatServerAddress(server)} failed`, { cause: error }))
    );
    socket.on(
      "close",
      () => reject(new Error(`dns: ${formatServerAddress(server)} closed the TCP connection without a full answer`))
    );
  });
}
var TRUNCATED = 1 << 9;
async function exchange(server, message, options = {}) {
  const timeoutMs = options.timeoutMs ?? 3e3;
  if (options.tcp || message.length > 512) return exchangeTcp(server, message, timeoutMs);
  const reply = await exchangeUdp(server, message, timeoutMs);
  if (reply.length >= 4 && reply.readUInt16BE(2) & TRUNCATED) return exchangeTcp(server, message, timeoutMs);
  return reply;
}
async function query(server, name, type, options = {}) {
  const message = import_dns_packet.default.encode({
    type: "query",
    id: newMessageId(),
    flags: options.recursive ? import_dns_packet.default.RECURSION_DESIRED : 0,
    questions: [{ type, name, class: "IN" }]
  });
  const reply = import_dns_packet.default.decode(await exchange(server, message, options));
  return {
    rcode: reply.rcode ?? "NOERROR",
    authoritative: ((reply.flags ?? 0) & import_dns_packet.default.AUTHORITATIVE_ANSWER) !== 0,
    answers: reply.answers ?? [],
    authorities: reply.authorities ?? []
  };
}
function txtValues(answers, name) {
  return answers.filter((answer) => answer.type === "TXT" && answer.name.toLowerCase() === name).map((answer) => {
    const data = answer.data;
    return Array.isArray(data) ? data.map((part) => part.toString()).join("") : data.toString();
  });
}
function answerText(answer) {
  return String(answer.data);
}
var nameCodec = import_dns_packet.default.name;
function encodeName(name) {
  return nameCodec.encode(name);
}
function decodeName(buf, offset) {
  return nameCodec.decode(buf, offset);
}

// src/dns/providers/rfc2136/tsig.ts
var TSIG_ALGORITHMS = ["hmac-sha256", "hmac-sha384", "hmac-sha512", "hmac-sha224", "hmac-sha1"];
var TYPE_TSIG = 250;
var CLASS_ANY = 255;
var DEFAULT_FUDGE = 300;
var TSIG_ERRORS = { 16: "BADSIG", 17: "BADKEY", 18: "BADTIME", 22: "BADTRUNC" };
function wireName(name) {
  return encodeName(name.toLowerCase().replace(/\.$/, ""));
}
function hmacName(algorithm) {
  return algorithm.slice("hmac-".length);
}
function uint48(value2) {
  const buf = Buffer.alloc(6);
  buf.writeUIntBE(value2, 0, 6);
  return buf;
}
function uint16(value2) {
  const buf = Buffer.alloc(2);
  buf.writeUInt16BE(value2);
  return buf;
}
function tsigVariables(key, timeSigned, fudge, error, other) {
  return Buffer.concat([
    wireName(key.name),
    uint16(CLASS_ANY),
    Buffer.alloc(4),
    // TTL 0
    wireName(key.algorithm),
    uint48(timeSigned),
    uint16(fudge),
    uint16(error),
    uint16(other.length),
    other
  ]);
}
function signMessage(message, key, timeSigned) {
  const mac = createHmac(hmacName(key.algorithm), key.secret).update(message).update(tsigVariables(key, timeSigned, DEFAULT_FUDGE, 0, Buffer.alloc(0))).digest();
  const rdata = Buffer.concat([
    wireName(key.algorithm),
    uint48(timeSigned),
    uint16(DEFAULT_FUDGE),
    uint16(mac.length),
    mac,
    message.subarray(0, 2),
    // original ID
    uint16(0),
    uint16(0)
  ]);
  const record = Buffer.concat([
    wireName(key.name),
    uint16(TYPE_TSIG),
    uint16(CLASS_ANY),
    Buffer.alloc(4),
    uint16(rdata.length),
    rdata
  ]);
  const signed = Buffer.concat([message, record]);
  signed.writeUInt16BE(message.readUInt16BE(10) + 1, 10);
  return { signed, mac };
}
function skipName(buf, offset) {
  for (; ; ) {
    const length = buf.readUInt8(offset);
    if (length === 0) return offset + 1;
    if ((length & 192) === 192) return offset + 2;
    offset += length + 1;
  }
}
function lastRecordOffset(buf) {
  const counts = [buf.readUInt16BE(4), buf.readUInt16BE(6), buf.readUInt16BE(8), buf.readUInt16BE(10)];
  const [questions = 0, ...sections] = counts;
  const records = sections.reduce((sum, n) => sum + n, 0);
  if (records === 0) return void 0;
  let offset = 12;
  for (let i = 0; i < questions; i++) offset = skipName(buf, offset) + 4;
  let last = offset;
  for (let i = 0; i < records; i++) {
    last = offset;
    offset = skipName(buf, offset);
    offset += 10 + buf.readUInt16BE(offset + 8);
  }
  return last;
}
function hasTsig(reply) {
  const offset = lastRecordOffset(reply);
  return offset !== void 0 && reply.readUInt16BE(skipName(reply, offset)) === TYPE_TSIG;
}
function verifyReply(reply, key, requestMac, now) {
  const offset = lastRecordOffset(reply);
  const nameEnd = offset === void 0 ? 0 : skipName(reply, offset);
  if (offset === void 0 || reply.readUInt16BE(nameEnd) !== TYPE_TSIG) {
    throw new Error("tsig: the reply is not signed; the server may not know the key");
  }
  const ownerName = decodeName(reply, offset).toLowerCase();
  let p = nameEnd + 10;
  const algorithm = decodeName(reply, p).toLowerCase();
  p = skipName(reply, p);
  const timeSigned = reply.readUIntBE(p, 6);
  const fudge = reply.readUInt16BE(p + 6);
  const macSize = reply.readUInt16BE(p + 8);
  const mac = reply.subarray(p + 10, p + 10 + macSize);
  p += 10 + macSize;
  const originalId = reply.readUInt16BE(p);
  const error = reply.readUInt16BE(p + 2);
  const other = reply.subarray(p + 6, p + 6 + reply.readUInt16BE(p + 4));
  if (error !== 0) {
    throw new Error(
      `tsig: the server rejected the signature: ${TSIG_ERRORS[error] ?? `error ${error}`}; check the key name, algorithm and secret`
    );
  }
  if (ownerName !== key.name.toLowerCase().replace(/\.$/, "") || algorithm !== key.algorithm) {
    throw new Error(`tsig: the reply is signed with ${ownerName}/${algorithm}, not ${key.name}/${key.algorithm}`);
  }
  const unsigned = Buffer.from(reply.subarray(0, offset));
  unsigned.writeUInt16BE(originalId, 0);
  unsigned.writeUInt16BE(unsigned.readUInt16BE(10) - 1, 10);
  const expected = createHmac(hmacName(key.algorithm), key.secret).update(uint16(requestMac.length)).update(requestMac).update(unsigned).update(tsigVariables(key, timeSigned, fudge, error, other)).digest();
  if (mac.length !== expected.length || !timingSafeEqual(mac, expected)) {
    throw new Error("tsig: the reply signature does not verify; the reply may be forged or the secret differs");
  }
  if (Math.abs(now - timeSigned) > fudge) {
    throw new Error(
      `tsig: the reply was signed ${Math.abs(now - timeSigned)} s away from this clock (fudge ${fudge} s); check the clocks`
    );
  }
}

// src/dns/providers/rfc2136/metadata.ts
var metadata20 = {
  name: "rfc2136",
  description: "RFC 2136 dynamic DNS updates signed with TSIG (BIND, Knot, PowerDNS, ...)",
  options: [
    {
      name: "rfc2136-server",
      description: "Primary server that accepts UPDATEs, as host or host:port (port 53 by default).",
      required: true,
      envAliases: ["RFC2136_NAMESERVER"]
    },
    {
      name: "rfc2136-tsig-key",
      description: "TSIG key name, as in the server configuration.",
      required: true,
      envAliases: ["RFC2136_TSIG_KEY"]
    },
    {
      name: "rfc2136-tsig-secret",
      description: "TSIG secret, base64 (the `secret` of `tsig-keygen` output).",
      required: true,
      secret: true,
      envAliases: ["RFC2136_TSIG_SECRET"]
    },
    {
      name: "rfc2136-tsig-algorithm",
      description: `TSIG algorithm: ${TSIG_ALGORITHMS.join(", ")}.`,
      default: "hmac-sha256"
    },
    { name: "rfc2136-ttl", description: "TTL of the TXT records, in seconds.", default: "60" }
  ]
};

// src/dns/plan.ts
async function planChallengeRecords(challenges, resolver) {
  const targets = /* @__PURE__ */ new Map();
  const targetOf = (name) => {
    let target = targets.get(name);
    if (!target) {
      target = resolver.followCnames(name).then(async (fqdn) => ({ fqdn, zone: await resolver.findZone(fqdn) }));
      targets.set(name, target);
    }
    return target;
  };
  return Promise.all(
    challenges.map(async ({ domain, value: value2 }) => ({ domain, value: value2, ...await targetOf(challengeRecordName(domain)) }))
  );
}
function warmChallengeTargets(domains, resolver) {
  for (const name of new Set(domains.map(challengeRecordName))) {
    resolver.followCnames(name).then((fqdn) => resolver.findZone(fqdn)).catch(() => void 0);
  }
}
function groupByZone(records) {
  const groups = /* @__PURE__ */ new Map();
  for (const record of records) {
    const group = groups.get(record.zone) ?? [];
    group.push(record);
    groups.set(record.zone, group);
  }
  return groups;
}

// src/dns/providers/rfc2136/update.ts
var OPCODE_UPDATE = 5;
var TYPE_TXT = 16;
var TYPE_SOA = 6;
var CLASS_IN = 1;
var CLASS_NONE = 254;
function txtRdata(value2) {
  const bytes = Buffer.from(value2, "utf8");
  const parts = [];
  for (let i = 0; i < bytes.length || i === 0; i += 255) {
    const chunk = bytes.subarray(i, i + 255);
    parts.push(Buffer.from([chunk.length]), chunk);
  }
  return Buffer.concat(parts);
}
function resourceRecord(name, klass, ttl, rdata) {
  const fixed = Buffer.alloc(10);
  fixed.writeUInt16BE(TYPE_TXT, 0);
  fixed.writeUInt16BE(klass, 2);
  fixed.writeUInt32BE(ttl, 4);
  fixed.writeUInt16BE(rdata.length, 8);
  return Buffer.concat([encodeName(name), fixed, rdata]);
}
function buildUpdateMessage(id, zone, changes) {
  const updates = [
    ...(changes.add ?? []).map((c) => resourceRecord(c.name, CLASS_IN, changes.ttl, txtRdata(c.value))),
    ...(changes.remove ?? []).map((c) => resourceRecord(c.name, CLASS_NONE, 0, txtRdata(c.value)))
  ];
  const header = Buffer.alloc(12);
  header.writeUInt16BE(id, 0);
  header.writeUInt16BE(OPCODE_UPDATE << 11, 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(0, 6);
  header.writeUInt16BE(updates.length, 8);
  header.writeUInt16BE(0, 10);
  const zoneSection = Buffer.concat([encodeName(zone), Buffer.from([0, TYPE_SOA, 0, CLASS_IN])]);
  return Buffer.concat([header, zoneSection, ...updates]);
}
var RCODES = [
  "NOERROR",
  "FORMERR",
  "SERVFAIL",
  "NXDOMAIN",
  "NOTIMP",
  "REFUSED",
  "YXDOMAIN",
  "YXRRSET",
  "NXRRSET",
  "NOTAUTH",
  "NOTZONE"
];
function replyCode(reply) {
  const code = reply.readUInt16BE(2) & 15;
  return RCODES[code] ?? `RCODE ${code}`;
}

// src/dns/providers/rfc2136/provider.ts
function tsigTime() {
  return Math.floor(Date.now() / 1e3);
}
function unsignedRefusal(where, rcode, zone, key) {
  return `rfc2136: ${where} answered ${rcode} to the UPDATE of zone ${zone} without signing the answer: it did not accept key ${key.name}; check that rfc2136-tsig-key (${key.name}), rfc2136-tsig-algorithm (${key.algorithm}) and rfc2136-tsig-secret match a key the server has, and that this key may update TXT records in zone ${zone} (BIND: update-policy; PowerDNS: the zone's TSIG-ALLOW-DNSUPDATE metadata and allow-dnsupdate-from)`;
}
var Rfc2136Provider = class {
  constructor(settings, context) {
    this.settings = settings;
    this.context = context;
  }
  settings;
  context;
  name = "rfc2136";
  async createRecords(records) {
    await Promise.all(
      [...groupByZone(records)].map(
        ([zone, zoneRecords]) => this.update(zone, { add: zoneRecords.map((r) => ({ name: r.fqdn, value: r.value })) })
      )
    );
  }
  async deleteRecords(records) {
    await Promise.all(
      [...groupByZone(records)].map(
        ([zone, zoneRecords]) => this.update(zone, { remove: zoneRecords.map((r) => ({ name: r.fqdn, value: r.value })) })
      )
    );
  }
  async update(zone, changes) {
    const { server, key, ttl, timeoutMs } = this.settings;
    const message = buildUpdateMessage(newMessageId(), zone, { ...changes, ttl });
    const { signed, mac } = signMessage(message, key, tsigTime());
    const where = `${formatServerAddress(server)} (rfc2136-server)`;
    let reply;
    try {
      reply = await exchange(server, signed, { timeoutMs });
    } catch (udpError) {
      try {
        reply = await exchange(server, signed, { timeoutMs, tcp: true });
      } catch (cause) {
        throw new Error(`rfc2136: no answer from ${where} to the UPDATE of zone ${zone}; check the address and port`, {
          cause
        });
      }
      this.context.logger.debug(`rfc2136: UDP failed (${udpError.message}); TCP answered`);
    }
    const rcode = replyCode(reply);
    if (rcode === "NOTAUTH" || rcode === "REFUSED") {
      if (!hasTsig(reply)) throw new Error(unsignedRefusal(where, rcode, zone, key));
      try {
        verifyReply(reply, key, mac, tsigTime());
      } catch (cause) {
        throw new Error(
          `rfc2136: ${where} answered ${rcode} to the UPDATE of zone ${zone}: ${cause.message}`,
          { cause }
        );
      }
      throw new Error(
        `rfc2136: ${where} answered ${rcode} to the UPDATE of zone ${zone}; check that key ${key.name} may update TXT records there (BIND: update-policy; PowerDNS: the zone's TSIG-ALLOW-DNSUPDATE metadata)`
      );
    }
    try {
      verifyReply(reply, key, mac, tsigTime());
    } catch (cause) {
      throw new Error(`rfc2136: the reply from ${where} failed TSIG verification`, { cause });
    }
    if (rcode !== "NOERROR") {
      throw new Error(
        `rfc2136: ${where} answered ${rcode} to the UPDATE of zone ${zone}; is it the primary server for ${zone}?`
      );
    }
  }
};

// src/dns/providers/rfc2136/index.ts
function requireValue(values, name, expected) {
  const value2 = values[name]?.trim();
  if (!value2) throw new Error(`${name}: missing; expected ${expected}`);
  return value2;
}
var definition16 = {
  ...metadata20,
  configure(values) {
    const server = parseServerAddress(
      requireValue(values, "rfc2136-server", "the primary server as host:port, such as 127.0.0.1:53"),
      "rfc2136-server"
    );
    const keyName = requireValue(values, "rfc2136-tsig-key", "the TSIG key name, such as certwright-key");
    const secretText = requireValue(
      values,
      "rfc2136-tsig-secret",
      "the base64 TSIG secret (or set CERTWRIGHT_RFC2136_TSIG_SECRET)"
    );
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(secretText) || secretText.length % 4 !== 0) {
      throw new Error(
        'rfc2136-tsig-secret: not valid base64; expected the secret line of tsig-keygen output, such as "kH3...=="'
      );
    }
    const algorithm = (values["rfc2136-tsig-algorithm"]?.trim() || "hmac-sha256").toLowerCase().replace(/\.$/, "");
    if (!TSIG_ALGORITHMS.includes(algorithm)) {
      throw new Error(
        `rfc2136-tsig-algorithm: "${algorithm}" is not supported; expected one of ${TSIG_ALGORITHMS.join(", ")}`
      );
    }
    const ttlText = values["rfc2136-ttl"]?.trim() || "60";
    const ttl = Number(ttlText);
    if (!/^\d+$/.test(ttlText) || ttl < 1 || ttl > 86400) {
      throw new Error(`rfc2136-ttl: "${ttlText}" is not a TTL; expected whole seconds from 1 to 86400`);
    }
    const settings = {
      server,
      key: { name: keyName, algorithm, secret: Buffer.from(secretText, "base64") },
      ttl,
      timeoutMs: 5e3
    };
    return {
      name: "rfc2136",
      description: `rfc2136 at ${formatServerAddress(server)} with TSIG key ${keyName} (${algorithm})`,
      create: (context) => Promise.resolve(new Rfc2136Provider(settings, context))
    };
  }
};

// src/dns/providers/route53/index.ts
var ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;
var definition17 = {
  ...metadata3,
  configure(values) {
    const zoneIds = ZoneIds.parse(
      values,
      "route53-hosted-zone-id",
      /^(\/?hostedzone\/)?[A-Z0-9]{1,32}$/,
      "Z0123456789EXAMPLE"
    );
    const roleArn = values["route53-assume-role-arn"]?.trim();
    if (roleArn && !ROLE_ARN.test(roleArn)) {
      throw new Error(
        `route53-assume-role-arn: "${roleArn}" is not an IAM role ARN; expected one such as arn:aws:iam::123456789012:role/certwright-dns`
      );
    }
    const externalId = values["route53-external-id"]?.trim();
    if (externalId && !roleArn)
      throw new Error("route53-external-id: given without route53-assume-role-arn; set the role that requires it");
    const region = values["route53-region"]?.trim() || "us-east-1";
    if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region))
      throw new Error(`route53-region: "${region}" is not an AWS region; expected one such as us-east-1`);
    const endpoint = urlOption(values, "route53-endpoint", "https://route53.amazonaws.com");
    const settings = {
      zoneIds,
      privateZone: booleanOption(values, "route53-private-zone", false),
      ...roleArn ? { assumeRole: { arn: roleArn, ...externalId ? { externalId } : {} } } : {},
      region,
      ...endpoint ? { endpoint } : {},
      waitInsync: booleanOption(values, "route53-wait-insync", true),
      ttl: integerOption(values, "route53-ttl", 60, 1, 172800, "seconds")
    };
    const parts = [
      zoneIds.isEmpty ? `${settings.privateZone ? "private" : "public"} zones found by name` : `hosted zone ${zoneIds.describe()}`,
      ...roleArn ? [`as ${roleArn}`] : [],
      ...endpoint ? [`at ${endpoint}`] : []
    ];
    return {
      name: "route53",
      description: `route53 (${parts.join(", ")})`,
      async create(context) {
        const { Route53Provider } = await import("./provider-SWA52T2A.js");
        return new Route53Provider(settings, context);
      }
    };
  }
};

// src/dns/providers/vultr/metadata.ts
var DEFAULT_API_URL11 = "https://api.vultr.com/v2";
var metadata21 = {
  name: "vultr",
  description: "Vultr DNS through the API v2 with an API key (a user limited to the Manage DNS permission)",
  options: [
    {
      name: "vultr-api-key",
      description: "Vultr API key, best of a user with only the Manage DNS permission, and an Access Control list allowing the runner's addresses.",
      required: true,
      secret: true,
      envAliases: ["VULTR_API_KEY"]
    },
    {
      name: "vultr-ttl",
      description: "TTL of the TXT records, in seconds (30 to 86400).",
      default: "120"
    },
    {
      name: "vultr-api-url",
      description: "Vultr API base URL instead of the public v2 API (a local test endpoint).",
      default: DEFAULT_API_URL11
    }
  ]
};

// src/dns/providers/vultr/index.ts
var definition18 = {
  ...metadata21,
  configure(values) {
    const token = requireOption(values, "vultr-api-key", "a Vultr API key (or set VULTR_API_KEY)");
    if (/\s/.test(token))
      throw new Error("vultr-api-key: contains whitespace; paste the key exactly as Vultr showed it");
    const ttl = integerOption(values, "vultr-ttl", 120, 30, 86400, "seconds");
    const apiUrl = urlOption(values, "vultr-api-url", DEFAULT_API_URL11) ?? DEFAULT_API_URL11;
    const settings = { token, apiUrl, ttl };
    return {
      name: "vultr",
      description: `vultr (domains found by listing${apiUrl !== DEFAULT_API_URL11 ? `, at ${apiUrl}` : ""})`,
      async create(context) {
        const { VultrProvider } = await import("./provider-CSGAU4ZM.js");
        return new VultrProvider(settings, context);
      }
    };
  }
};

// src/dns/providers/index.ts
var PROVIDERS = [
  definition,
  definition2,
  definition3,
  definition4,
  definition5,
  definition6,
  definition7,
  definition8,
  definition9,
  definition10,
  definition11,
  definition12,
  definition13,
  definition14,
  definition15,
  definition16,
  definition17,
  definition18
];

// src/renewal/schedule.ts
var FIELDS = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31 },
  {
    name: "month",
    min: 1,
    max: 12,
    names: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
  },
  { name: "day of week", min: 0, max: 6, names: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"] }
];
function parseValue(text, field, expression) {
  const names = "names" in field ? field.names : [];
  const byName = names.indexOf(text.toUpperCase());
  const value2 = byName >= 0 ? byName + field.min : Number(text);
  const ok = Number.isInteger(value2) && /^\w+$/.test(text) && value2 >= field.min && (value2 <= field.max || field.name === "day of week" && value2 === 7);
  if (!ok)
    throw new Error(`schedule: "${expression}": ${field.name} "${text}" is out of range ${field.min}-${field.max}`);
  return field.name === "day of week" && value2 === 7 ? 0 : value2;
}
function parseCron(expression) {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5)
    throw new Error(`schedule: "${expression}" is not a cron expression; expected five fields, such as "17 4 * * *"`);
  const sets = parts.map((part, i) => {
    const field = FIELDS[i];
    const set = /* @__PURE__ */ new Set();
    for (const item of part.split(",")) {
      const [range = "", stepText] = item.split("/");
      const step = stepText === void 0 ? 1 : Number(stepText);
      if (!Number.isInteger(step) || step < 1)
        throw new Error(`schedule: "${expression}": bad step "${stepText}" in the ${field.name} field`);
      let [from, to] = [field.min, field.max];
      if (range !== "*") {
        const [a = "", b] = range.split("-");
        from = parseValue(a, field, expression);
        to = b === void 0 ? stepText === void 0 ? from : field.max : parseValue(b, field, expression);
      }
      for (let v = from; v <= to; v += step) set.add(v);
    }
    return set;
  });
  return { expression: expression.trim(), sets, anyDay: parts[2] === "*", anyWeekday: parts[4] === "*" };
}
function dayMatches(cron, date) {
  const [, , days, , weekdays] = cron.sets;
  const dom = days.has(date.getUTCDate());
  const dow = weekdays.has(date.getUTCDay());
  if (!cron.anyDay && !cron.anyWeekday) return dom || dow;
  return dom && dow;
}
function nextCronRun(cron, after) {
  const [minutes, hours, , months] = cron.sets;
  const t = new Date(after.getTime());
  t.setUTCSeconds(0, 0);
  t.setUTCMinutes(t.getUTCMinutes() + 1);
  const limit = after.getTime() + 5 * 366 * 864e5;
  while (t.getTime() <= limit) {
    if (!months.has(t.getUTCMonth() + 1)) {
      t.setUTCMonth(t.getUTCMonth() + 1, 1);
      t.setUTCHours(0, 0);
    } else if (!dayMatches(cron, t)) {
      t.setUTCDate(t.getUTCDate() + 1);
      t.setUTCHours(0, 0);
    } else if (!hours.has(t.getUTCHours())) {
      t.setUTCHours(t.getUTCHours() + 1, 0);
    } else if (!minutes.has(t.getUTCMinutes())) {
      t.setUTCMinutes(t.getUTCMinutes() + 1);
    } else {
      return t;
    }
  }
  throw new Error(`schedule: "${cron.expression}" never fires`);
}

// src/store/store.ts
function unavailableStore(kind, forms, why) {
  return {
    kind,
    forms,
    configure(target) {
      throw new Error(`store: ${kind}:${target} ${why}`);
    }
  };
}
function parseStoreSpec(text, values, kinds) {
  const all = kinds.flatMap((k) => k.forms);
  const forms = all.length > 1 ? `${all.slice(0, -1).join(", ")} or ${all.at(-1)}` : all[0] ?? "";
  if (!text) throw new Error(`store: missing; expected ${forms}`);
  const colon = text.indexOf(":");
  const kind = kinds.find((k) => colon > 0 && k.kind === text.slice(0, colon));
  const target = text.slice(colon + 1);
  if (!kind || target === "") throw new Error(`store: "${text}" is not a store; expected ${forms}`);
  const spec = kind.configure(target, values);
  return parseStateReset(values) ? startingOverSpec(spec) : spec;
}
function parseStateReset(values) {
  return booleanOption(
    values,
    "state-reset",
    false,
    "true (start over with an empty state, replacing the stored one) or false"
  );
}
function startingOverSpec(spec) {
  return {
    ...spec,
    open: async (context) => {
      const store = await spec.open(context);
      context.logger.warn(
        `state-reset: starting over with an empty state; this run's first write replaces what the ${store.description} holds`
      );
      return startingOver(store);
    }
  };
}
function startingOver(inner) {
  let written = false;
  return {
    description: inner.description,
    ...inner.maxBytes !== void 0 ? { maxBytes: inner.maxBytes } : {},
    load: async () => written ? inner.load() : void 0,
    save: async (encrypted) => {
      await inner.save(encrypted);
      written = true;
    },
    ...inner.close ? { close: inner.close.bind(inner) } : {},
    ...inner.lock ? { lock: inner.lock.bind(inner) } : {},
    ...inner.preflight ? { preflight: inner.preflight.bind(inner) } : {}
  };
}

// src/store/artifact/artifact-store.ts
import { mkdtemp, readFile as readFile2, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
var FILE = "certwright-state.jwe";
var DAY = 864e5;
var PAGE = 100;
var DEFAULT_BRANCH_EVENTS = ["schedule", "workflow_run", "repository_dispatch"];
var PULL_REQUEST_EVENTS = [
  "pull_request",
  "pull_request_target",
  "pull_request_review",
  "pull_request_review_comment"
];
function distrust(run, trust, repository) {
  if (run.headRepositoryId !== void 0 && run.repositoryId !== void 0 && run.headRepositoryId !== run.repositoryId) {
    const head = run.headRepository ?? (run.headRepositoryId === null ? "a deleted repository" : `repository id ${run.headRepositoryId}`);
    return `made in a fork (${head}), not in ${repository}`;
  }
  if (run.event !== void 0 && PULL_REQUEST_EVENTS.includes(run.event))
    return `made for a pull request (event ${run.event})`;
  if (run.headBranch !== void 0 && run.headBranch !== trust.branch) {
    const why = trust.named ? "artifact-branch" : "the default branch; artifact-branch names another";
    const made = run.headBranch === null ? "no branch" : `branch ${run.headBranch}`;
    return `made on ${made}, not ${trust.branch} (${why})`;
  }
  if (trust.workflow !== void 0 && run.path !== void 0 && run.path !== trust.workflow)
    return `made by ${run.path || "an unnamed workflow"}, not ${trust.workflow}`;
  return void 0;
}
var ArtifactStore = class {
  constructor(name, location, trust, octokit, transfer, retentionDays, now, logger) {
    this.name = name;
    this.location = location;
    this.trust = trust;
    this.octokit = octokit;
    this.transfer = transfer;
    this.retentionDays = retentionDays;
    this.now = now;
    this.logger = logger;
    this.description = `artifact ${name} of ${location.owner}/${location.repo}`;
  }
  name;
  location;
  trust;
  octokit;
  transfer;
  retentionDays;
  now;
  logger;
  description;
  newest;
  loaded;
  unsaved;
  /**
   * The engine loads again before each save: what the first load learnt is kept, and each artifact passed over is said
   * once.
   */
  settled;
  runs = /* @__PURE__ */ new Map();
  /** Per run: why its commit does not count as the trusted branch's ('' when it does). */
  onBranch = /* @__PURE__ */ new Map();
  /** The commit the trusted branch points at, read once. */
  branchHead;
  reported = /* @__PURE__ */ new Set();
  async load() {
    const artifact = await this.newestTrusted();
    if (artifact && artifact.id === this.newest?.id) return this.loaded;
    const loaded = artifact ? await this.download(artifact) : void 0;
    this.newest = artifact;
    this.loaded = loaded;
    return loaded;
  }
  /** The bundle in an artifact, through a temp folder removed once it is read. */
  async download(artifact) {
    const { owner, repo, token } = this.location;
    const path = await mkdtemp(join(tmpdir(), "certwright-artifact-"));
    try {
      await this.transfer.downloadArtifact(artifact.id, {
        path,
        findBy: { token, workflowRunId: artifact.runId, repositoryOwner: owner, repositoryName: repo }
      });
      return await readFile2(join(path, FILE), "utf8").catch((cause) => {
        throw new Error(
          `store: artifact ${this.name} (id ${artifact.id}) has no ${FILE}, so the state cannot be loaded; is it a certwright state artifact? Set state-reset: true to start over`,
          { cause }
        );
      });
    } finally {
      await this.remove(path);
    }
  }
  /**
   * The newest artifact whose run is trusted, asking for runs one at a time, newest first, and
   * only as far as needed. Each one passed over is said so: as a warning when an older one is
   * used instead, since its run may have tried to plant a state.
   */
  async newestTrusted() {
    const repository = `${this.location.owner}/${this.location.repo}`;
    const ignored = [];
    let found;
    for await (const artifact of this.candidates()) {
      const trust = await (this.settled ??= this.settleTrust());
      const reason = distrust(artifact.listed, trust, repository) ?? await this.distrustRun(artifact.runId, trust, repository);
      if (reason === void 0) {
        found = artifact;
        break;
      }
      if (!this.reported.has(artifact.id))
        ignored.push(`Ignoring artifact ${this.name} (id ${artifact.id}) of run ${artifact.runId}: ${reason}`);
      this.reported.add(artifact.id);
    }
    for (const line of ignored) {
      if (found) this.logger.warn(line);
      else this.logger.info(line);
    }
    if (!found && ignored.length > 0)
      this.logger.info(`No trusted artifact ${this.name}: this run starts without state`);
    return found;
  }
  /** Unexpired artifacts of the name, newest first, read a page at a time as far as they are used. */
  async *candidates() {
    const { owner, repo } = this.location;
    for (let page = 1; ; page++) {
      const { data } = await this.octokit.request("GET /repos/{owner}/{repo}/actions/artifacts", {
        owner,
        repo,
        name: this.name,
        per_page: PAGE,
        page
      });
      yield* data.artifacts.flatMap((a) => {
        const run = a.workflow_run;
        if (a.expired || run?.id === void 0) return [];
        const listed = {
          repositoryId: run.repository_id,
          headRepositoryId: run.head_repository_id,
          headBranch: run.head_branch
        };
        return [{ id: a.id, runId: run.id, createdAt: Date.parse(a.created_at ?? "") || 0, listed }];
      }).sort((a, b) => b.createdAt - a.createdAt);
      if (data.artifacts.length < PAGE) return;
    }
  }
  /** The branch to trust, asking GitHub for the default one only when `artifact-branch` is not set. */
  async settleTrust() {
    const { workflow, branch } = this.trust;
    if (workflow === void 0)
      this.logger.info(
        `No GITHUB_WORKFLOW_REF (not in a GitHub Actions run): artifact ${this.name} is checked for its branch, repository and event, not for the workflow that made it`
      );
    if (branch !== void 0) return { branch, named: true, workflow };
    const { owner, repo } = this.location;
    const { data } = await this.octokit.request("GET /repos/{owner}/{repo}", { owner, repo });
    return { branch: data.default_branch, named: false, workflow };
  }
  /** Why the run is not trusted: what {@link distrust} finds, else a commit that is not on the trusted branch. */
  async distrustRun(runId, trust, repository) {
    const run = await this.runFacts(runId);
    const reason = distrust(run, trust, repository);
    if (reason !== void 0 || DEFAULT_BRANCH_EVENTS.includes(run.event ?? "")) return reason;
    let verdict = this.onBranch.get(runId);
    if (!verdict) this.onBranch.set(runId, verdict = this.commitOffBranch(runId, run, trust.branch));
    return await verdict || void 0;
  }
  /**
   * Whether the run's commit is on `branch` (its head, or behind it): a run for a tag of the
   * same name, on a commit of its own, is not. Compared by SHA, since a name such as `main` is
   * resolved to the tag before the branch. Returns why not, or '' when it is.
   */
  async commitOffBranch(runId, run, branch) {
    const { owner, repo } = this.location;
    const sha = run.headSha ?? "";
    try {
      const head = await (this.branchHead ??= this.octokit.request("GET /repos/{owner}/{repo}/git/ref/{ref}", { owner, repo, ref: `heads/${branch}` }).then(({ data: data2 }) => data2.object.sha));
      const { data } = await this.octokit.request("GET /repos/{owner}/{repo}/compare/{basehead}", {
        owner,
        repo,
        basehead: `${head}...${sha}`,
        per_page: 1
      });
      if (data.status === "identical" || data.status === "behind") return "";
    } catch (error) {
      throw new Error(
        `store: cannot tell whether run ${runId} (event ${run.event ?? "unknown"}) ran on branch ${branch} or on a tag of that name: ${errorMessage(error)}; the token needs contents: read (permissions: { actions: read, contents: read }) to compare the run's commit with the branch`,
        { cause: error }
      );
    }
    return `made for a tag or other ref named ${branch} (event ${run.event ?? "unknown"}), not the branch: its commit ${sha.slice(0, 12)} is not on branch ${branch}`;
  }
  async runFacts(runId) {
    const known = this.runs.get(runId);
    if (known) return known;
    const { owner, repo } = this.location;
    const { data } = await this.octokit.request("GET /repos/{owner}/{repo}/actions/runs/{run_id}", {
      owner,
      repo,
      run_id: runId
    });
    const head = data.head_repository;
    const facts = {
      repositoryId: Number(data.repository.id),
      headRepositoryId: head ? Number(head.id) : null,
      ...head ? { headRepository: head.full_name } : {},
      headBranch: data.head_branch,
      headSha: data.head_sha,
      event: data.event,
      path: (data.path ?? "").replace(/@.*$/, "")
      // as GITHUB_WORKFLOW_REF's file, should a ref ever follow it
    };
    this.runs.set(runId, facts);
    return facts;
  }
  /** Keeps the bundle for `close`: an artifact name can be uploaded once per run. */
  save(encrypted) {
    this.unsaved = encrypted;
    return Promise.resolve();
  }
  /** Whether the newest artifact is past half its retention, so it should be uploaded again. */
  isAgeing() {
    return this.newest !== void 0 && this.now() - this.newest.createdAt > this.retentionDays * DAY / 2;
  }
  /** Uploads this run's bundle once: the last one saved, or the loaded one again when it is ageing. */
  async close() {
    const content = this.unsaved ?? (this.isAgeing() ? this.loaded : void 0);
    if (content === void 0) return;
    const dir = await mkdtemp(join(tmpdir(), "certwright-artifact-"));
    try {
      await writeFile(join(dir, FILE), content, { mode: 384 });
      await this.transfer.uploadArtifact(this.name, [join(dir, FILE)], dir, { retentionDays: this.retentionDays });
    } finally {
      await this.remove(dir);
    }
    this.unsaved = void 0;
    this.logger.info(`Saved the state as ${this.description}`);
  }
  /** Removes a temp folder of the bundle; a failure is only logged, never hiding the first error. */
  async remove(dir) {
    await rm(dir, { recursive: true, force: true }).catch(
      (error) => this.logger.warn(`could not remove ${dir}: ${errorMessage(error)}`)
    );
  }
};

// src/store/artifact/metadata.ts
var metadata22 = {
  kind: "artifact",
  description: "A workflow artifact of this repository, written once per run (Action only)",
  forms: ["artifact:NAME"],
  rank: 3,
  concurrentWrites: "Last upload wins: an artifact never changes once uploaded and each run uploads its own at the end of its step, so a later run loads the newest and an earlier run's changes are lost unless every writer shares one `concurrency:` group.",
  testedAgainst: "The store contract suite and the store's own tests against a local artifact service at the `@actions/artifact` boundary (`src/testing/artifact-service.ts`) and the local GitHub REST API (artifact listing, runs, branches).",
  options: [
    GITHUB_TOKEN,
    {
      name: "artifact-retention-days",
      kind: "integer",
      description: "With an artifact store: days the state artifact is kept (1-90). An artifact past half of it is uploaded again.",
      default: "90",
      file: refusedAsStoreSetting("artifact-retention-days")
    },
    {
      name: "artifact-branch",
      description: "With an artifact store: the branch whose runs of this workflow may have written the state. Default: the default branch. Artifacts of forks, pull requests, other workflows and tags named like the branch are never used (a run that was not scheduled must have its commit on the branch, which takes contents: read).",
      file: refusedAsStoreSetting("artifact-branch")
    },
    GITHUB_REPOSITORY,
    GITHUB_API_URL
  ]
};

// src/store/artifact/index.ts
var UNUSABLE_BRANCH = /[\x00-\x20\x7f~^:?*[\\]|\.\.|@\{|\/\/|^[-/]|\/$|\.$|\.lock(\/|$)|(^|\/)\./;
function parseArtifactBranch(values) {
  const text = values["artifact-branch"]?.trim();
  if (!text) return void 0;
  if (text.startsWith("refs/"))
    throw new Error(
      `artifact-branch: "${text}" is a ref; expected the branch name alone, such as ${text.replace(/^refs\/[^/]+\//, "")}`
    );
  if (text === "@" || UNUSABLE_BRANCH.test(text))
    throw new Error(
      `artifact-branch: "${text}" is not a usable branch name; expected a branch of this repository, such as main or release/v2`
    );
  return text;
}
function enterpriseServer(serverUrl) {
  let host;
  try {
    host = serverUrl ? new URL(serverUrl).hostname.toLowerCase() : void 0;
  } catch {
    return void 0;
  }
  if (!host || host === "github.com" || host.endsWith(".ghe.com") || host === "localhost" || host === "127.0.0.1")
    return void 0;
  return host;
}
function artifactKind(transfer, github) {
  return {
    kind: "artifact",
    forms: metadata22.forms,
    configure(name, values) {
      if (!/^[A-Za-z0-9._-]+$/.test(name))
        throw new Error(
          `store: "artifact:${name}" has an unusable artifact name; expected letters, digits, dots, hyphens or underscores`
        );
      const { owner, repo } = parseRepository(values, "whose artifacts hold the state");
      const token = values["github-token"]?.trim();
      if (!token)
        throw new Error(
          "github-token: missing; listing and downloading artifacts of earlier runs needs a token with actions: read (the job token works)"
        );
      const retentionDays = integerOption(
        values,
        "artifact-retention-days",
        90,
        1,
        90,
        "days",
        "longer than the time between renewals"
      );
      const server = enterpriseServer(values["github-server-url"]);
      if (server)
        throw new Error(
          `store: artifact:${name} cannot work on GitHub Enterprise Server (${server}): @actions/artifact does not support it; use secret:NAME or file:PATH`
        );
      const trust = {
        branch: parseArtifactBranch(values),
        workflow: workflowFile(values["github-workflow-ref"]?.trim())
      };
      const apiUrl = githubApiUrl(values);
      return {
        kind: "artifact",
        description: `artifact ${name} of ${owner}/${repo}`,
        open: async ({ http, now, logger }) => new ArtifactStore(
          name,
          { owner, repo, token },
          trust,
          await github(token, apiUrl, http),
          await transfer(),
          retentionDays,
          now,
          logger
        )
      };
    }
  };
}
var definition19 = {
  ...metadata22,
  offer: (services) => services.artifacts ? artifactKind(services.artifacts, services.github) : unavailableStore(
    "artifact",
    metadata22.forms,
    "works only inside the GitHub Action; use file:PATH or secret:NAME here"
  )
};

// src/store/file/file-store.ts
import { access, constants as constants2, open as open2 } from "node:fs/promises";
import { dirname as dirname3 } from "node:path";

// src/fs/atomic-file.ts
import { randomBytes } from "node:crypto";
import { constants, lstatSync, statSync } from "node:fs";
import { chmod, lstat, mkdir, open, readFile as readFile3, rename, rm as rm2, rmdir, stat } from "node:fs/promises";
import { dirname, join as join2, relative, sep } from "node:path";
async function readFileIfExists(path) {
  try {
    return await readFile3(path, "utf8");
  } catch (error) {
    if (error.code === "ENOENT") return void 0;
    throw error;
  }
}
var UnsafeFolderError = class extends Error {
  constructor(path, problem) {
    super(`${path} ${problem}`);
    this.path = path;
    this.problem = problem;
  }
  path;
  problem;
};
var STICKY_BIT = 512;
var FIX_LINK = "certwright never writes keys through a link: name the real folder, or remove the link";
async function secureExistingFolder(dir) {
  const info = await lstat(dir);
  if (info.isSymbolicLink()) throw new UnsafeFolderError(dir, `is a symbolic link; ${FIX_LINK}`);
  if (!info.isDirectory()) throw Object.assign(new Error(`${dir} is not a folder`), { code: "ENOTDIR", path: dir });
  const uid = process.getuid?.();
  if (uid !== void 0 && info.uid !== uid) {
    throw new UnsafeFolderError(
      dir,
      `is owned by another user (uid ${info.uid}), who could read or replace the keys; use a folder of this user (uid ${uid}), or chown it`
    );
  }
  if (info.mode & 2)
    throw new UnsafeFolderError(
      dir,
      "is writable by every user, who could plant links in it; use a private folder, or chmod 700 it"
    );
  const parent = await stat(dirname(dir));
  if (parent.mode & 2 && !(parent.mode & STICKY_BIT)) {
    throw new UnsafeFolderError(
      dir,
      `lies in ${dirname(dir)}, which every user may write without the sticky bit, so anyone could swap it for a link; use another folder, or chmod o-w it`
    );
  }
  if (info.mode & 63) await chmod(dir, 448);
}
function privateAsIs(dir) {
  try {
    const info = lstatSync(dir);
    if (!info.isDirectory() || info.mode & 63 || info.uid !== process.getuid?.()) return false;
    const parent = statSync(dirname(dir));
    return !(parent.mode & 2) || (parent.mode & STICKY_BIT) !== 0;
  } catch {
    return false;
  }
}
async function makeFolder(dir, options) {
  if (!options.private) return mkdir(dir, { recursive: true });
  if (privateAsIs(dir)) return void 0;
  const existing = await lstat(dir).catch((error) => {
    if (error.code === "ENOENT") return void 0;
    throw error;
  });
  if (existing?.isSymbolicLink()) throw new UnsafeFolderError(dir, `is a symbolic link; ${FIX_LINK}`);
  const first = await mkdir(dir, { recursive: true, mode: 448 });
  if (first !== void 0) {
    let path = first;
    await chmod(path, 448);
    for (const part of relative(first, dir).split(sep).filter(Boolean)) await chmod(path = join2(path, part), 448);
  }
  await secureExistingFolder(dir);
  return first;
}
async function removeCreatedFolders(dir, first) {
  if (first === void 0) return;
  for (let path = dir; ; path = dirname(path)) {
    try {
      await rmdir(path);
    } catch {
      return;
    }
    if (path === first || dirname(path) === path) return;
  }
}
function createNew(path, mode) {
  return open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, mode);
}
async function writeFileAtomic(path, content, mode) {
  await makeFolder(dirname(path), { private: (mode & 63) === 0 });
  const temp = `${path}.${randomBytes(6).toString("hex")}.tmp`;
  const handle = await createNew(temp, mode);
  try {
    try {
      await handle.writeFile(content);
      await handle.chmod(mode);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm2(temp, { force: true });
    throw error;
  }
}
async function folderProblem(dir, options) {
  let created;
  try {
    created = await makeFolder(dir, options);
    const probe = join2(dir, `.certwright-probe-${randomBytes(6).toString("hex")}`);
    await (await createNew(probe, 384)).close();
    await rm2(probe, { force: true });
    await removeCreatedFolders(dir, created);
    return void 0;
  } catch (error) {
    await removeCreatedFolders(dir, created);
    return problemSentence(dir, error);
  }
}
function problemSentence(dir, error) {
  if (error instanceof UnsafeFolderError)
    return error.path === dir ? error.problem : `cannot be used: ${error.message}`;
  const { code, path } = error;
  const where = path && path !== dir && !path.includes(".certwright-probe-") ? ` (${path})` : "";
  switch (code) {
    case "EACCES":
    case "EPERM":
      return `is not writable by this user${where}; choose a folder it may write, or change the folder's owner or mode`;
    case "ENOTDIR":
    case "EEXIST":
      return `is a file, or lies under one${where}, not a folder; choose a folder`;
    case "EROFS":
      return `is on a read-only file system${where}; choose a writable folder`;
    case "ENOSPC":
      return `is on a full disk${where}; free some space`;
    default:
      return `cannot be written: ${error.message}`;
  }
}

// src/fs/lock-file.ts
import { randomBytes as randomBytes2 } from "node:crypto";
import { lstat as lstat2, mkdir as mkdir2, readdir, readFile as readFile4, rename as rename2, rm as rm3, rmdir as rmdir2, unlink, writeFile as writeFile2 } from "node:fs/promises";
import { hostname } from "node:os";
import { basename, dirname as dirname2, join as join3 } from "node:path";
var HOLDER_FILE = /^holder-[0-9a-f]{32}\.json$/;
var holderFile = (token) => `holder-${token}.json`;
var stagingPath = (path, token) => `${path}.${token}.new`;
var RACED = /* @__PURE__ */ new Set(["ENOENT", "ENOTEMPTY", "EEXIST", "ENOTDIR", "EISDIR", "EPERM"]);
function processAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
}
async function readHolder(path) {
  try {
    return JSON.parse(await readFile4(path, "utf8"));
  } catch {
    return void 0;
  }
}
function isStale(holder) {
  return holder !== void 0 && holder.host === hostname() && !processAlive(holder.pid);
}
var ignoreRaces = (error) => {
  if (!RACED.has(error.code ?? "")) throw error;
};
async function acquireLockFile(path, options) {
  const timeoutMs = options.timeoutMs ?? 6e4;
  const started = Date.now();
  await makeFolder(dirname2(path), { private: true });
  const me = {
    pid: process.pid,
    host: hostname(),
    since: (/* @__PURE__ */ new Date()).toISOString(),
    token: randomBytes2(16).toString("hex")
  };
  const token = me.token;
  const staging = await stageLock(path, me);
  try {
    for (let wait = 20; ; wait = Math.min(wait * 2, 500)) {
      if (await installLock(staging, path)) {
        await removeAbandonedStaging(path);
        return () => releaseLock(path, token);
      }
      const holder = await clearIfStale(path);
      if (holder === "cleared") continue;
      if (Date.now() - started >= timeoutMs) {
        const who = holder ? `process ${holder.pid} on ${holder.host} (since ${holder.since})` : "another process";
        throw new Error(
          `${options.what} is locked by ${who} for more than ${Math.round(timeoutMs / 1e3)} s; if no certwright is running, delete ${path}`
        );
      }
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  } finally {
    await rm3(staging, { recursive: true, force: true });
  }
}
async function stageLock(path, me) {
  const staging = stagingPath(path, me.token);
  await mkdir2(staging, { mode: 448 });
  await writeFile2(join3(staging, holderFile(me.token)), JSON.stringify(me), { mode: 384 });
  return staging;
}
async function installLock(staging, path) {
  try {
    await rename2(staging, path);
    return true;
  } catch (error) {
    ignoreRaces(error);
    return false;
  }
}
async function clearIfStale(path) {
  const entry = await lstat2(path).catch(
    (error) => error.code === "ENOENT" ? void 0 : Promise.reject(error)
  );
  if (entry === void 0) return "cleared";
  if (entry.isFile()) {
    const holder = await readHolder(path);
    if (!isStale(holder)) return holder;
    await unlink(path).catch(ignoreRaces);
    return "cleared";
  }
  if (!entry.isDirectory())
    throw new Error(`lock: ${path} is neither a lock folder nor a lock file; remove it if no certwright is running`);
  const names = (await readdir(path).catch(() => [])).filter((name) => HOLDER_FILE.test(name));
  if (names.length === 0) {
    await rmdir2(path).catch(ignoreRaces);
    return "cleared";
  }
  let live;
  for (const name of names) {
    const holder = await readHolder(join3(path, name));
    if (!isStale(holder)) {
      live ??= holder;
      continue;
    }
    await unlink(join3(path, name)).catch(ignoreRaces);
  }
  return live ?? "cleared";
}
async function releaseLock(path, token) {
  await rm3(join3(path, holderFile(token)), { force: true });
  await rmdir2(path).catch(ignoreRaces);
}
async function removeAbandonedStaging(path) {
  const prefix = `${basename(path)}.`;
  const names = await readdir(dirname2(path)).catch(() => []);
  for (const name of names) {
    const token = name.startsWith(prefix) && name.endsWith(".new") ? name.slice(prefix.length, -".new".length) : void 0;
    if (token === void 0 || !/^[0-9a-f]{32}$/.test(token)) continue;
    const staging = join3(dirname2(path), name);
    if (isStale(await readHolder(join3(staging, holderFile(token)))))
      await rm3(staging, { recursive: true, force: true });
  }
}

// src/store/file/file-store.ts
async function peekFile(path) {
  try {
    const handle = await open2(path, constants2.O_RDONLY | constants2.O_NOFOLLOW | constants2.O_NONBLOCK);
    try {
      const { buffer, bytesRead } = await handle.read(Buffer.alloc(4096), 0, 4096, 0);
      return buffer.subarray(0, bytesRead).toString("utf8");
    } finally {
      await handle.close();
    }
  } catch {
    return void 0;
  }
}
var FileStore = class {
  constructor(path) {
    this.path = path;
    this.description = `file ${path}`;
  }
  path;
  description;
  load() {
    return readFileIfExists(this.path).catch((error) => {
      const why = error.code === "EISDIR" ? "is a folder; file:PATH names the state file itself" : error.code === "ENOTDIR" ? "lies under a file, not a folder" : `cannot be read (${error.code ?? error.message}), and a new state is not written over one that could not be loaded; fix its mode or owner, or set state-reset: true to start over`;
      throw new Error(`store: ${this.path} ${why}`, { cause: error });
    });
  }
  save(encrypted) {
    return writeFileAtomic(this.path, encrypted, 384);
  }
  async preflight() {
    const problem = await folderProblem(dirname3(this.path), { private: true });
    if (problem) throw new Error(`store: the folder of ${this.path} ${problem}`);
    await access(this.path, constants2.W_OK).catch((error) => {
      if (error.code !== "ENOENT")
        throw new Error(
          `store: ${this.path} is not writable (${error.code}); fix its mode or owner, or choose another file:PATH`
        );
    });
  }
  /** `PATH.lock` beside the file, held only while a save reads, merges and writes. */
  lock() {
    return acquireLockFile(`${this.path}.lock`, { what: `state file ${this.path}` });
  }
};

// src/store/file/metadata.ts
var metadata23 = {
  kind: "file",
  description: "A file on disk, written atomically with mode 0600 and locked while a run merges into it",
  forms: ["file:PATH"],
  rank: 1,
  options: [],
  concurrentWrites: "Merges: each save takes `PATH.lock` (naming its holder; a lock of a killed process is taken over), reads the file again and puts this run's changes on top of what the other run wrote, so neither loses a certificate.",
  testedAgainst: "The store contract suite (`src/store/testing/contract.ts`) on a real file in a temporary folder, with a second store writing the same file between this run's load and save."
};

// src/store/file/index.ts
var fileStoreKind = {
  kind: "file",
  forms: metadata23.forms,
  configure: (path) => ({
    kind: "file",
    description: `file ${path}`,
    open: () => Promise.resolve(new FileStore(path)),
    peek: () => peekFile(path)
  })
};
var definition20 = { ...metadata23, offer: () => fileStoreKind };

// src/store/secret/metadata.ts
var metadata24 = {
  kind: "secret",
  description: "A GitHub Actions secret (a repository's, an environment's or an organisation's), written through the REST API",
  forms: ["secret:NAME", "secret:environments/ENV/NAME", "secret:orgs/ORG/NAME"],
  rank: 2,
  concurrentWrites: "Refuses: a secret cannot be read back to merge, so the store notes the secret's `updated_at` when it opens and refuses to write over a secret another run changed since, naming `concurrency:`.",
  testedAgainst: "The store contract suite and the store's own tests against the local GitHub REST API in `src/testing/github-api.ts` (real Octokit, real libsodium sealing, the secret's `updated_at`), and through `dist/main.js`.",
  options: [
    {
      name: "state",
      description: "With a secret store: the current state, i.e. the secret itself (`${{ secrets.CERTWRIGHT_STATE }}`); empty on the first run. Empty while the secret exists stops the run (a mistyped name, or a job the secret does not reach), unless state-reset is true.",
      secret: true,
      file: refusedAsSecret("state")
    },
    GITHUB_TOKEN,
    GITHUB_REPOSITORY,
    GITHUB_API_URL
  ]
};

// src/store/secret/secret-store.ts
var SECRET_MAX_BYTES = 48 * 1024;
var TOKEN_HELP = 'GITHUB_TOKEN cannot write secrets: pass github-token with a fine-grained personal access token (or GitHub App token) that has "Secrets: Read and write" on this repository (plus "Environments: Read" for environment secrets; for organisation secrets, "Organization secrets: Read and write")';
var SecretStore = class {
  constructor(target, current, octokit, options) {
    this.target = target;
    this.current = current;
    this.options = options;
    this.description = describeSecretTarget(target);
    this.writer = new SecretWriter(octokit, {
      component: "store",
      tokenHelp: TOKEN_HELP,
      repository: options.repository,
      logger: options.logger
    });
  }
  target;
  current;
  options;
  description;
  maxBytes = SECRET_MAX_BYTES;
  /** The secret's `updated_at` when this run last read or wrote it; null when it did not exist. */
  seen = null;
  writer;
  /**
   * Notes when the secret was last written, before the run changes anything; refuses an empty `state` for an existing
   * secret.
   */
  async open() {
    this.seen = (await this.metadata())?.updated_at ?? null;
    if (this.seen !== null && this.current === void 0 && !this.options.reset) {
      throw new Error(
        `state: empty, but the ${this.description} exists (written ${this.seen}); stopping before anything else rather than replace it with a new state. The state input probably does not reach this job: a mistyped secrets.${this.target.name}, a job or reusable workflow the secret is not passed to, or an environment secret this job cannot see. Pass state: \${{ secrets.${this.target.name} }}, or set state-reset: true to start over`
      );
    }
    return this;
  }
  /** The secret's metadata, or undefined when there is no such secret. */
  metadata() {
    return this.writer.metadata(this.target);
  }
  /** The `state` input: a secret cannot be read through the API. */
  load() {
    return Promise.resolve(this.current);
  }
  async save(encrypted) {
    const metadata28 = await this.metadata();
    const changed = metadata28?.updated_at ?? null;
    if (changed !== this.seen) {
      throw new Error(
        `store: the ${this.description} was ${changed ? `written at ${changed}` : "deleted"} by another run after this run read it; not overwriting it, which would undo that run's certificates. Let one run write it at a time: give every workflow job that writes it the same \`concurrency:\` group (concurrency: { group: certwright-state, cancel-in-progress: false }), then run again`
      );
    }
    await this.writer.write(this.target, encrypted, metadata28);
    this.seen = (await this.metadata())?.updated_at ?? null;
  }
};

// src/store/secret/index.ts
function optionalRepository(values) {
  return values["github-repository"]?.trim() ? parseRepository(values, "whose workflows read the organisation secret") : void 0;
}
function parseSecretTarget(text, values) {
  return parseSecretPlace(
    text,
    { option: "store", shown: `secret:${text}`, forms: metadata24.forms },
    () => parseRepository(values, "whose secret certwright writes")
  );
}
function secretKind(createClient) {
  return {
    kind: "secret",
    forms: metadata24.forms,
    configure(text, values) {
      const target = parseSecretTarget(text, values);
      const token = values["github-token"]?.trim();
      if (!token)
        throw new Error(
          'github-token: missing; writing a secret needs a token that may write secrets (GITHUB_TOKEN cannot): a fine-grained PAT or GitHub App token with "Secrets: Read and write"'
        );
      const current = values.state?.trim() || void 0;
      const apiUrl = githubApiUrl(values);
      const reset = parseStateReset(values);
      const repository = target.kind === "organization" ? optionalRepository(values) : { owner: target.owner, repo: target.repo };
      return {
        kind: "secret",
        description: describeSecretTarget(target),
        open: async ({ http, logger }) => new SecretStore(target, current, await createClient(token, apiUrl, http), {
          reset,
          repository,
          logger
        }).open()
      };
    }
  };
}
var definition21 = { ...metadata24, offer: (services) => secretKind(services.github) };

// src/store/index.ts
var STORES = [definition19, definition20, definition21];

// src/store/kinds.ts
function storePlugins() {
  return [...STORES].sort((a, b) => a.rank - b.rank);
}
function storeKinds(services) {
  return storePlugins().map((plugin) => plugin.offer(services));
}
function storeOptions() {
  return uniqueOptions([...STORE_OPTIONS, ...storePlugins().flatMap((plugin) => plugin.options)]);
}

// src/config/inputs.ts
var SERVER_ALIASES = {
  letsencrypt: "https://acme-v02.api.letsencrypt.org/directory",
  "letsencrypt-staging": "https://acme-staging-v02.api.letsencrypt.org/directory"
};
var DEFAULT_OUTPUT_DIR = "certificates";
var CORE_INPUTS = [
  {
    name: "domains",
    kind: "list",
    description: "Names for the certificate, separated by commas, spaces or newlines; `*.example.com` for a wildcard. The first is the subject.",
    required: true,
    cliAliases: ["d", "domain"],
    repeatable: true
  },
  {
    name: "email",
    kind: "list",
    description: "Contact e-mail(s) for the ACME account, comma-separated.",
    cliAliases: ["m"],
    repeatable: true
  },
  {
    name: "agree-tos",
    description: "Accept the CA's terms of service (required by most CAs to register).",
    default: "false",
    flag: true
  },
  {
    name: "server",
    kind: "url",
    description: "ACME directory URL, or `letsencrypt` / `letsencrypt-staging`. A list (commas or newlines; CLI: repeat `--server`) names fallback CAs, tried in order when the one before is unreachable, keeps failing with 5xx or is rate limited; eab-kid / eab-hmac-key then go to the CAs that require EAB.",
    default: "letsencrypt",
    repeatable: true
  },
  {
    name: "server-ca-file",
    description: "PEM file of an extra CA to trust for the ACME server (a private CA, or Pebble in tests)."
  },
  { name: "eab-kid", description: "External Account Binding key ID from your CA." },
  { name: "eab-hmac-key", description: "External Account Binding HMAC key (base64url) from your CA.", secret: true },
  {
    name: "key-type",
    description: `Certificate key: ${KEY_TYPES.join(", ")}; \`ecdsa\` and \`rsa\` (with rsa-key-size / elliptic-curve) as in certbot.`,
    default: "ecdsa-p256"
  },
  { name: "rsa-key-size", kind: "integer", description: "With key-type `rsa`: 2048, 3072 or 4096." },
  { name: "elliptic-curve", description: "With key-type `ecdsa`: secp256r1 or secp384r1." },
  {
    name: "cert-name",
    description: "Name of the certificate and its output folder. Default: the first domain, without `*.`."
  },
  {
    name: "preferred-chain",
    description: "Common name of the root (or issuer) to prefer when the CA offers alternate chains."
  },
  {
    name: "profile",
    description: "ACME profile to request, one of those in the CA's directory `meta.profiles`; strict: the run fails when the CA does not offer it. A changed profile renews."
  },
  {
    name: "preferred-profile",
    description: "ACME profile to request when the CA offers it (`meta.profiles`); otherwise the CA's default profile, with a warning. Not with `profile`."
  },
  {
    name: "dns-provider",
    description: "DNS provider that writes the TXT records: see the provider table.",
    required: true,
    cliAliases: ["dns"],
    // A zone of a config file's entry names its own provider.
    file: { levels: ["top", "certificate", "zone"] }
  },
  {
    name: "nameservers",
    kind: "list",
    description: "Authoritative servers (host:port, comma-separated) to check for propagation instead of the zone's NS set; also asked to find zones.",
    repeatable: true
  },
  {
    name: "resolvers",
    kind: "list",
    description: "Recursive resolvers (host:port, comma-separated) for zone discovery and CNAME following. Default: the system resolvers.",
    repeatable: true
  },
  {
    name: "propagation",
    description: "`check` waits until every authoritative nameserver serves the TXT values; `skip` trusts the provider.",
    default: "check"
  },
  {
    name: "propagation-timeout",
    kind: "seconds",
    description: "Seconds to wait for propagation before failing.",
    default: "120"
  },
  {
    name: "propagation-interval",
    kind: "seconds",
    description: "Seconds between propagation checks (decimals allowed).",
    default: "0.5"
  },
  {
    name: "output-dir",
    description: "Folder for the certificate files; they go to `<output-dir>/<cert-name>/`. Default: `certificates` in the CLI, `$RUNNER_TEMP/certwright` in the Action (outside the workspace, so no upload or commit picks up the key)."
  },
  {
    name: "account-key-file",
    description: "PEM file holding the ACME account key; created (0600) when missing. Empty: a new account each run."
  },
  {
    name: "pfx",
    description: "Also write `cert.pfx` (PKCS#12, mode 0600): the key and full chain for Windows/IIS, Azure Key Vault and Java, rewritten with the other files. Needs pfx-password.",
    default: "false",
    flag: true
  },
  {
    name: "pfx-password",
    description: "Password of cert.pfx; required with pfx, since an empty one leaves the key readable and many Windows and Java tools refuse it.",
    secret: true
  },
  {
    name: "pfx-legacy",
    description: "Encrypt cert.pfx with 3DES and a SHA-1 MAC, for Windows Server 2016 and earlier and Java 8 before 8u301, instead of AES-256 and SHA-256 (as OpenSSL 3 writes).",
    default: "false",
    flag: true
  }
];
var value = optionalOption;
function parseDomains(text) {
  const names = splitList(text).map(normalizeName);
  if (names.length === 0)
    throw new Error("domains: empty; expected at least one name, such as example.com, *.example.com");
  const seen = /* @__PURE__ */ new Set();
  for (const name of names) {
    const problem = domainNameProblem(name);
    if (problem) throw new Error(`domains: "${name}" is not a valid certificate name: ${problem}`);
    if (seen.has(name)) throw new Error(`domains: "${name}" is listed twice; list each name once`);
    seen.add(name);
  }
  if (names.length > 100)
    throw new Error(
      `domains: ${names.length} names; CAs accept at most 100 per certificate, split them into several certificates`
    );
  return names;
}
function parseBoolean(raw, name) {
  return booleanOption(raw, name, false);
}
function parseKeyType(raw) {
  const text = (value(raw, "key-type") ?? "ecdsa-p256").toLowerCase();
  const rsaSize = value(raw, "rsa-key-size");
  const curve = value(raw, "elliptic-curve");
  let keyType = text;
  if (text === "rsa") keyType = `rsa-${rsaSize ?? "2048"}`;
  if (text === "ecdsa") {
    const curves = {
      secp256r1: "ecdsa-p256",
      "p-256": "ecdsa-p256",
      secp384r1: "ecdsa-p384",
      "p-384": "ecdsa-p384"
    };
    const mapped = curves[(curve ?? "secp256r1").toLowerCase()];
    if (!mapped) throw new Error(`elliptic-curve: "${curve}" is not supported; expected secp256r1 or secp384r1`);
    keyType = mapped;
  }
  if (!KEY_TYPES.includes(keyType)) {
    const what = text === "rsa" ? `rsa-key-size: "${rsaSize}" is not supported; expected 2048, 3072 or 4096` : `key-type: "${text}" is not supported; expected one of ${KEY_TYPES.join(", ")}, ecdsa or rsa`;
    throw new Error(what);
  }
  return keyType;
}
var SERVER_URL_RULE = {
  expected: "an ACME directory URL such as https://acme-v02.api.letsencrypt.org/directory, or letsencrypt / letsencrypt-staging",
  plainHttp: "which ACME does not allow (RFC 8555 \xA76.1: anyone on the path could change what the CA answers)",
  loopback: "a loopback test server"
};
function parseServerList(raw, input = "server", otherwise = "letsencrypt") {
  const urls = splitList(value(raw, input) ?? otherwise).map(
    (text) => parseUrl(input, SERVER_ALIASES[text] ?? text, SERVER_URL_RULE)
  );
  const twice = urls.find((url, index) => urls.indexOf(url) !== index);
  if (twice) throw new Error(`${input}: ${twice} is listed twice; list each CA once, in the order to try them`);
  return urls;
}
function parseServer(raw) {
  return parseServerList(raw)[0];
}
var SERVER_EAB_KEY = "server-eab";
function perServerEab(raw) {
  const items = JSON.parse(value(raw, SERVER_EAB_KEY) ?? "[]");
  const byUrl = /* @__PURE__ */ new Map();
  for (const item of items) {
    const url = parseUrl("server", SERVER_ALIASES[item.server] ?? item.server, SERVER_URL_RULE);
    try {
      const eab = parseEab({ "eab-kid": item.kid, "eab-hmac-key": item.hmacKey });
      if (eab) byUrl.set(url, eab);
    } catch (error) {
      throw new Error(`server: ${url}: ${errorMessage(error)}`, { cause: error });
    }
  }
  return byUrl;
}
function parseCaServers(raw) {
  const [first, ...rest] = parseServerList(raw);
  const shared = parseEab(raw);
  const own = perServerEab(raw);
  const eabOf = (url, alone) => {
    const mine = own.get(url) ?? (alone ? shared : void 0);
    if (mine) return { eab: mine };
    return shared ? { eabIfRequired: shared } : {};
  };
  return {
    directoryUrl: first,
    account: eabOf(first, rest.length === 0),
    ...rest.length > 0 ? { fallbacks: rest.map((url) => ({ directoryUrl: url, ...eabOf(url, false) })) } : {}
  };
}
function parseEmails(raw) {
  const emails = splitList(value(raw, "email"));
  for (const email of emails) {
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email))
      throw new Error(`email: "${email}" is not an e-mail address; expected name@example.com`);
  }
  return emails;
}
function parseEab(raw) {
  const kid = value(raw, "eab-kid");
  const hmacKey = value(raw, "eab-hmac-key");
  if (!kid && !hmacKey) return void 0;
  if (!kid) throw new Error("eab-kid: missing; eab-hmac-key was given, and External Account Binding needs both");
  if (!hmacKey) throw new Error("eab-hmac-key: missing; eab-kid was given, and External Account Binding needs both");
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(hmacKey))
    throw new Error("eab-hmac-key: not base64url; paste the HMAC key exactly as your CA shows it");
  return { kid, hmacKey };
}
function parsePfx(raw, friendlyName) {
  const legacy = parseBoolean(raw, "pfx-legacy");
  if (!parseBoolean(raw, "pfx")) return void 0;
  const password = value(raw, "pfx-password");
  if (!password)
    throw new Error(
      "pfx-password: missing; expected the password for cert.pfx (or set CERTWRIGHT_PFX_PASSWORD): pfx is on, and many Windows and Java tools refuse a PFX without one"
    );
  return { password, friendlyName, legacy };
}
function parseServers(raw, name) {
  const items = splitList(value(raw, name));
  return items.length === 0 ? void 0 : items.map((item) => parseServerAddress(item, name));
}
function parseProvider(raw) {
  const name = value(raw, "dns-provider");
  const names = PROVIDERS.map((p) => p.name).join(", ");
  if (!name) throw new Error(`dns-provider: missing; expected one of ${names}`);
  const definition28 = PROVIDERS.find((p) => p.name === name.toLowerCase());
  if (!definition28) throw new Error(`dns-provider: "${name}" is not a known provider; expected one of ${names}`);
  return definition28.configure(raw);
}
function parseCertificateRequest(raw, provider, settings) {
  const { name, domains } = parseCertificateNames(raw);
  const pfx = parsePfx(raw, name);
  return { name, domains, ...settings ?? parseCertificateSettings(raw, provider), ...pfx ? { pfx } : {} };
}
function parseCertificateNames(raw) {
  const domains = parseDomains(value(raw, "domains"));
  const name = value(raw, "cert-name") ?? (domains[0] ?? "").replace(/^\*\./, "");
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) {
    throw new Error(
      `cert-name: "${name}" is not a usable name; expected letters, digits, dots, hyphens or underscores`
    );
  }
  return { name, domains };
}
var CERTIFICATE_NAME_INPUTS = ["domains", "cert-name"];
function parseCertificateSettings(raw, provider) {
  const propagationMode = value(raw, "propagation") ?? "check";
  if (propagationMode !== "check" && propagationMode !== "skip") {
    throw new Error(`propagation: "${propagationMode}" is not a mode; expected check or skip`);
  }
  const servers = parseCaServers(raw);
  const nameservers = parseServers(raw, "nameservers");
  const resolvers = parseServers(raw, "resolvers");
  const trustFile = value(raw, "server-ca-file");
  const preferredChain = value(raw, "preferred-chain");
  const profile = value(raw, "profile");
  const preferredProfile = value(raw, "preferred-profile");
  if (profile && preferredProfile)
    throw new Error("preferred-profile: set either profile (strict) or preferred-profile (with a fallback), not both");
  const keyFile = value(raw, "account-key-file");
  const emails = parseEmails(raw);
  const agreeTos = parseBoolean(raw, "agree-tos");
  return {
    keyType: parseKeyType(raw),
    ca: {
      ...servers,
      account: { emails, agreeTos, ...servers.account, ...keyFile ? { keyFile } : {} },
      ...trustFile ? { trustFile } : {},
      ...preferredChain ? { preferredChain } : {},
      ...profile ? { profile } : {},
      ...preferredProfile ? { preferredProfile } : {}
    },
    dns: {
      provider: provider ?? parseProvider(raw),
      propagation: {
        mode: propagationMode,
        timeoutMs: secondsOption(raw, "propagation-timeout", "120"),
        intervalMs: secondsOption(raw, "propagation-interval", "0.5")
      },
      ...nameservers ? { nameservers } : {},
      ...resolvers ? { resolvers } : {}
    },
    outputDir: value(raw, "output-dir") ?? DEFAULT_OUTPUT_DIR
  };
}
var PER_CERTIFICATE = { levels: ["top", "certificate"] };
var runWide = (why) => ({ levels: ["top"], runWide: why });
var RENEW_INPUTS = [
  {
    name: "config",
    description: "YAML file listing several certificates (each with its domains, and optionally a DNS provider per zone); renewed in one run with one summary.",
    file: { refused: "a config file cannot name another one; give config to the step (CLI: --config)" }
  },
  {
    name: "shard",
    description: "With `config`: `I/N` (1 <= I <= N) handles only the certificates that a stable hash of their name puts in shard I of N, for a job matrix (`shard: ${{ matrix.shard }}/4`). `{shard}` in `store` becomes I, so each shard keeps its own state and account.",
    file: {
      refused: "each job of the matrix has its own shard, while all of them read the same file; give it to the step (shard: ${{ matrix.shard }}/N; CLI: --shard)"
    }
  },
  {
    name: "max-new-orders",
    kind: "integer",
    description: "New orders per ACME account in any 3 hours (the state remembers earlier runs' orders); due certificates beyond it are deferred to the next run, the most urgent first, ARI renewals exempt. Let's Encrypt allows 300.",
    default: "250",
    file: runWide("it is the order budget of the run's ACME account")
  },
  // The stores' settings (src/store): in this order in the tables, a new store's after them.
  ...inOrder(storeOptions(), [
    "store",
    "state",
    "state-reset",
    "github-token",
    "artifact-retention-days",
    "artifact-branch",
    "github-repository",
    "github-api-url",
    "state-key"
  ]),
  {
    name: "force-renewal",
    description: "Renew even when not due.",
    default: "false",
    flag: true,
    file: PER_CERTIFICATE
  },
  {
    name: "reuse-key",
    description: "Keep the certificate's key when renewing.",
    default: "false",
    flag: true,
    file: PER_CERTIFICATE
  },
  {
    name: "account-rollover",
    description: "Replace the ACME account key at the CA (RFC 8555 \xA77.3.5) and in the state, at the start of this run, before any order; the account and its certificates stay. Needs a store. Set it for one run (a manual dispatch), not on a schedule: every run with it rolls the key over again.",
    default: "false",
    flag: true,
    file: runWide("it replaces the key of the run's ACME account")
  },
  {
    name: "dry-run",
    description: "Issue against dry-run-server and save nothing.",
    default: "false",
    flag: true,
    file: runWide("a dry run saves nothing, for every certificate of the run")
  },
  {
    name: "dry-run-server",
    kind: "url",
    description: "ACME directory for dry-run; like server, a list tries the next when one is down or rate limited.",
    repeatable: true,
    default: "letsencrypt-staging",
    file: PER_CERTIFICATE
  },
  {
    name: "renew-before-days",
    kind: "integer",
    description: "Without ARI: renew this many days before expiry instead of when a third of the lifetime is left.",
    file: PER_CERTIFICATE
  },
  {
    name: "warn-days",
    description: "Warn (an annotation in the Action, a warning line in the CLI) when a certificate expires within this many days, e.g. because its renewals keep failing. Default: a tenth of its lifetime, at most 7 days; `0` warns only once it has expired.",
    file: runWide("it is read for the run's report")
  },
  // Webhooks and the heartbeat (src/notify): the step's own, since their URLs are secrets.
  ...NOTIFY_OPTIONS,
  {
    name: "next-run",
    description: "When the next scheduled run starts (ISO 8601); a renewal due before it happens now.",
    file: PER_CERTIFICATE
  },
  {
    name: "schedule",
    description: "Cron schedule of the renewal workflow (UTC), to work out next-run.",
    file: PER_CERTIFICATE
  },
  { name: "pre-hook", description: "Command run before an actual renewal attempt.", file: PER_CERTIFICATE },
  {
    name: "post-hook",
    description: "Command run after an actual renewal attempt, success or not.",
    file: PER_CERTIFICATE
  },
  {
    name: "deploy-hook",
    description: "Command run once per new certificate, with RENEWED_LINEAGE (its folder) and RENEWED_DOMAINS.",
    file: PER_CERTIFICATE
  }
];
function dryRunServers(raw) {
  const [first, ...rest] = parseServerList(raw, "dry-run-server", "letsencrypt-staging");
  return { dryRunServer: first, ...rest.length > 0 ? { dryRunFallbacks: rest } : {} };
}
function parseAccountCa(raw) {
  const trustFile = value(raw, "server-ca-file");
  const keyFile = value(raw, "account-key-file");
  const eab = parseEab(raw);
  return {
    directoryUrl: parseServer(raw),
    account: {
      emails: parseEmails(raw),
      agreeTos: parseBoolean(raw, "agree-tos"),
      ...eab ? { eab } : {},
      ...keyFile ? { keyFile } : {}
    },
    ...trustFile ? { trustFile } : {}
  };
}
function parseWarnDays(raw) {
  const text = value(raw, "warn-days");
  if (text === void 0 || text === "") return void 0;
  if (!/^\d+(\.\d+)?$/.test(text))
    throw new Error(`warn-days: "${text}" is not a number of days; expected a number such as 7`);
  return Number(text);
}
function parseRenewalPolicy(raw, defaultNextRun) {
  const daysText = value(raw, "renew-before-days");
  if (daysText !== void 0 && (!/^\d+$/.test(daysText) || Number(daysText) < 1)) {
    throw new Error(`renew-before-days: "${daysText}" is not a number of days; expected a whole number such as 30`);
  }
  const nextRunText = value(raw, "next-run");
  const nextRunAt = nextRunText === void 0 ? void 0 : new Date(nextRunText);
  if (nextRunAt && Number.isNaN(nextRunAt.getTime()))
    throw new Error(`next-run: "${nextRunText}" is not a time; expected ISO 8601 such as 2026-11-22T04:17:00Z`);
  const scheduleText = value(raw, "schedule");
  const schedule = scheduleText ? parseCron(scheduleText) : void 0;
  const nextRun = nextRunAt ? () => nextRunAt : schedule ? (now) => nextCronRun(schedule, now) : defaultNextRun;
  const pre = value(raw, "pre-hook");
  const post = value(raw, "post-hook");
  const deploy = value(raw, "deploy-hook");
  const hookTimeout = value(raw, "exec-timeout");
  if (hookTimeout !== void 0 && (!/^\d+$/.test(hookTimeout) || Number(hookTimeout) < 1)) {
    throw new Error(`exec-timeout: "${hookTimeout}" is not a duration; expected whole seconds, such as 120`);
  }
  return {
    forceRenewal: parseBoolean(raw, "force-renewal"),
    reuseKey: parseBoolean(raw, "reuse-key"),
    dryRun: parseBoolean(raw, "dry-run"),
    ...dryRunServers(raw),
    ...daysText !== void 0 ? { renewBeforeDays: Number(daysText) } : {},
    ...nextRun ? { nextRun } : {},
    hooks: {
      ...pre ? { pre } : {},
      ...post ? { post } : {},
      ...deploy ? { deploy } : {},
      ...hookTimeout ? { timeoutMs: Number(hookTimeout) * 1e3 } : {}
    }
  };
}

// src/config/secrets.ts
import { readFile as readFile5 } from "node:fs/promises";
function secretParts(value2) {
  const parts = [value2];
  const walk = (node, key) => {
    if (typeof node === "string") {
      if (/pass|secret|token|key/i.test(key) && node.length >= 4) parts.push(node);
    } else if (node && typeof node === "object") for (const [name, child] of Object.entries(node)) walk(child, name);
  };
  try {
    walk(JSON.parse(value2), "");
  } catch {
  }
  return parts;
}
function secretsIn(raw, specs) {
  return specs.flatMap((spec) => {
    const text = spec.secret ? raw[spec.name]?.trim() : void 0;
    return text ? secretParts(text) : [];
  });
}
async function secretsInFiles(raw, specs) {
  const paths = specs.flatMap(
    (spec) => spec.secretFile && raw[spec.name]?.trim() ? [raw[spec.name]?.trim()] : []
  );
  const texts = await Promise.all(paths.map((path) => readFile5(path, "utf8").catch(() => "")));
  return texts.flatMap((text) => text.trim() ? secretParts(text.trim()) : []);
}

// src/deploy/acm/index.ts
var definition22 = {
  ...metadata4,
  configure(values) {
    const settings = parseAcmSettings(values);
    const where = [
      settings.regions ? settings.regions.join(", ") : "the region of AWS_REGION",
      ...settings.adopted.size > 0 ? [`re-importing into ${[...settings.adopted.values()].join(", ")}`] : [],
      ...settings.endpoint ? [`at ${settings.endpoint}`] : []
    ];
    return {
      name: "acm",
      description: `acm (${where.join("; ")})`,
      key: acmKey(settings),
      async create(context) {
        const { AcmTarget } = await import("./target-BN5MQYIV.js");
        return new AcmTarget(settings, context);
      }
    };
  }
};

// src/deploy/azure-key-vault/index.ts
var MAX_TAGS = 15;
var MAX_TAG_NAME = 512;
var MAX_TAG_VALUE = 256;
function parseTags(text) {
  const tags = {};
  const pairs = (text ?? "").split(/[,\n]/).map((pair) => pair.trim()).filter((pair) => pair !== "");
  for (const pair of pairs) {
    const at = pair.indexOf("=");
    const [name, value2] = [pair.slice(0, at).trim(), pair.slice(at + 1).trim()];
    if (at <= 0 || name.length > MAX_TAG_NAME || value2.length > MAX_TAG_VALUE) {
      throw new Error(
        `azure-key-vault-tags: "${pair}" is not a tag; expected name=value (a name of up to ${MAX_TAG_NAME} characters, a value of up to ${MAX_TAG_VALUE}), such as env=prod`
      );
    }
    tags[name] = value2;
  }
  if (Object.keys(tags).length > MAX_TAGS)
    throw new Error(`azure-key-vault-tags: ${Object.keys(tags).length} tags; Key Vault keeps at most ${MAX_TAGS}`);
  return tags;
}
var definition23 = {
  ...metadata5,
  configure(values) {
    const vaultUrl = parseVaultUrl(
      requireOption(values, "azure-key-vault-url", "the vault URL, such as https://my-vault.vault.azure.net")
    );
    const given2 = optionalOption(values, "azure-key-vault-certificate");
    const certificateName = given2 === void 0 ? void 0 : parseCertificateName(given2);
    const tags = parseTags(optionalOption(values, "azure-key-vault-tags"));
    const which = certificateName ? `certificate ${certificateName}` : "a certificate named after cert-name";
    return {
      name: "azure-key-vault",
      description: `azure-key-vault (${which} in ${vaultUrl})`,
      key: `azure-key-vault:${new URL(vaultUrl).host}${certificateName ? `/${certificateName}` : ""}`,
      async create(context) {
        const { KeyVaultTarget } = await import("./target-A2SO3AQB.js");
        return new KeyVaultTarget({ vaultUrl, certificateName, tags }, context);
      }
    };
  }
};

// src/deploy/github-secret/metadata.ts
var NAME_FORMS = ["PREFIX", "environments/ENV/PREFIX", "orgs/ORG/PREFIX"];
var metadata25 = {
  name: "github-secret",
  description: "GitHub Actions secrets (a repository's, an environment's or an organisation's) holding the PEMs or a PFX, sealed as the secret store seals the state",
  options: [
    {
      name: "github-secret-name",
      description: "Where the secrets go and how they are named: `PREFIX` (secrets of github-secret-repository), `environments/ENV/PREFIX` or `orgs/ORG/PREFIX`; they are PREFIX_FULLCHAIN and PREFIX_PRIVKEY (PREFIX_PFX with github-secret-format pfx).",
      required: true
    },
    {
      name: "github-secret-repository",
      description: "owner/repo whose secrets are written (another repository than this one, say). Default: github-repository, the current repository."
    },
    {
      name: "github-secret-token",
      description: 'A token that may write those secrets ("Secrets: Read and write" on the repository; "Environments: Read" too for an environment; "Organization secrets: Read and write" for the organisation). Default: github-token.',
      secret: true
    },
    {
      name: "github-secret-format",
      description: "`pem`: PREFIX_FULLCHAIN (certificate and intermediates) and PREFIX_PRIVKEY (PKCS#8); `pfx`: PREFIX_PFX, a base64 PKCS#12 of both, protected by github-secret-pfx-password.",
      default: "pem"
    },
    {
      name: "github-secret-fullchain-name",
      description: "Name of the full-chain secret instead of PREFIX_FULLCHAIN."
    },
    {
      name: "github-secret-key-name",
      description: "Name of the private key secret instead of PREFIX_PRIVKEY."
    },
    {
      name: "github-secret-pfx-name",
      description: "Name of the PFX secret instead of PREFIX_PFX."
    },
    {
      name: "github-secret-pfx-password",
      description: "Password of the PFX (required with github-secret-format pfx).",
      secret: true
    }
  ]
};

// src/deploy/github-secret/settings.ts
function repositoryOf(values) {
  const repository = optionalOption(values, "github-secret-repository");
  if (repository === void 0)
    return parseRepository(values, "whose secrets the github-secret target writes (or set github-secret-repository)");
  const [owner, repo, ...rest] = repository.split("/");
  if (!owner || !repo || rest.length > 0)
    throw new Error(`github-secret-repository: "${repository}" is not owner/repo; it names the repository to write to`);
  return { owner, repo };
}
function secretName(values, option, fallback) {
  const name = optionalOption(values, option) ?? fallback;
  if (!usableSecretName(name))
    throw new Error(
      `${option}: "${String(name)}" is not a usable secret name; expected letters, digits and underscores, not starting with a digit or GITHUB_`
    );
  return name;
}
function scopeOf(target) {
  switch (target.kind) {
    case "repository":
      return `repository ${target.owner}/${target.repo}`;
    case "environment":
      return `environment ${target.environment} of ${target.owner}/${target.repo}`;
    case "organization":
      return `organisation ${target.org}`;
  }
}
function parseFormat(values) {
  const format = (optionalOption(values, "github-secret-format") ?? "pem").toLowerCase();
  if (format !== "pem" && format !== "pfx")
    throw new Error(`github-secret-format: "${format}" is not a format; expected pem or pfx`);
  return format;
}
function parseToken(values) {
  const token = optionalOption(values, "github-secret-token") ?? optionalOption(values, "github-token");
  if (!token)
    throw new Error(
      'github-secret-token: missing; expected a token that may write the secrets (a fine-grained PAT or GitHub App token with "Secrets: Read and write"), or set github-token'
    );
  return token;
}
function parseGithubSecretSettings(values) {
  const text = requireOption(values, "github-secret-name", `${NAME_FORMS.join(", ")}, such as TLS`);
  const place = parseSecretPlace(
    text,
    { option: "github-secret-name", shown: text, forms: NAME_FORMS },
    () => repositoryOf(values)
  );
  const prefix = place.name;
  const format = parseFormat(values);
  const at = (name) => ({ ...place, name });
  const slots = format === "pem" ? [
    { target: at(secretName(values, "github-secret-fullchain-name", `${prefix}_FULLCHAIN`)), holds: "fullchain" },
    { target: at(secretName(values, "github-secret-key-name", `${prefix}_PRIVKEY`)), holds: "privkey" }
  ] : [{ target: at(secretName(values, "github-secret-pfx-name", `${prefix}_PFX`)), holds: "pfx" }];
  const pfxPassword = optionalOption(values, "github-secret-pfx-password");
  if (format === "pfx" && !pfxPassword)
    throw new Error(
      "github-secret-pfx-password: missing; expected the password of the PFX (or set CERTWRIGHT_GITHUB_SECRET_PFX_PASSWORD): github-secret-format is pfx"
    );
  const repository = place.kind === "organization" ? optionalOption(values, "github-repository") || optionalOption(values, "github-secret-repository") ? repositoryOf(values) : void 0 : { owner: place.owner, repo: place.repo };
  return {
    slots,
    token: parseToken(values),
    apiUrl: githubApiUrl(values),
    repository,
    scope: scopeOf(place),
    ...format === "pfx" && pfxPassword ? { pfxPassword } : {}
  };
}
function scopePath(target) {
  switch (target.kind) {
    case "repository":
      return `${target.owner}/${target.repo}`;
    case "environment":
      return `${target.owner}/${target.repo}/environments/${target.environment}`;
    case "organization":
      return `orgs/${target.org}`;
  }
}
function githubSecretKey(settings) {
  const [first] = settings.slots;
  const scope = first ? scopePath(first.target) : "";
  return `github-secret:${scope}/${settings.slots.map((s) => s.target.name).join(",")}`;
}

// src/deploy/github-secret/index.ts
var definition24 = {
  ...metadata25,
  configure(values) {
    const settings = parseGithubSecretSettings(values);
    const names = settings.slots.map((slot) => slot.target.name).join(", ");
    return {
      name: "github-secret",
      description: `github-secret (${names} in ${settings.scope})`,
      key: githubSecretKey(settings),
      async create(context) {
        const { GithubSecretTarget } = await import("./target-ZJ6OQWHV.js");
        return GithubSecretTarget.create(settings, context);
      }
    };
  }
};

// src/deploy/google-certificate-manager/index.ts
var definition25 = {
  ...metadata6,
  configure(values) {
    const projectText = optionalOption(values, "google-certificate-manager-project");
    const project = projectText === void 0 ? void 0 : parseProjectId(projectText, "google-certificate-manager-project");
    const location = parseLocation(optionalOption(values, "google-certificate-manager-location") ?? "global");
    const idText = optionalOption(values, "google-certificate-manager-certificate");
    const certificateId = idText === void 0 ? void 0 : parseCertificateId(idText);
    const apiUrl = urlOption(values, "google-certificate-manager-api-url", DEFAULT_API_URL3) ?? DEFAULT_API_URL3;
    const where = [
      certificateId ? `certificate ${certificateId}` : "a certificate named after cert-name",
      `in ${project ? `project ${project}` : "the credentials' project"}, ${location}`,
      ...apiUrl !== DEFAULT_API_URL3 ? [`at ${apiUrl}`] : []
    ];
    const place = [project ?? "(credentials)", location, ...certificateId ? [certificateId] : []];
    return {
      name: "google-certificate-manager",
      description: `google-certificate-manager (${where.join(" ")})`,
      key: `google-certificate-manager:${place.join("/")}`,
      async create(context) {
        const { CertificateManagerTarget } = await import("./target-LAAAY2TI.js");
        return new CertificateManagerTarget({ project, location, certificateId, apiUrl }, context);
      }
    };
  }
};

// src/deploy/kubernetes/metadata.ts
var metadata26 = {
  name: "kubernetes",
  description: "A kubernetes.io/tls Secret, created or updated through the API server (kubeconfig, exec plugins, in-cluster)",
  options: [
    {
      name: "kubernetes-secret",
      description: "The Secret to write, as `namespace/name` (type `kubernetes.io/tls`: `tls.crt` with the full chain, `tls.key`).",
      required: true
    },
    {
      name: "kubernetes-context",
      description: "The kubeconfig context to use (as set by aws eks update-kubeconfig, get-gke-credentials or aks-set-context); default the kubeconfig's current-context."
    },
    {
      name: "kubernetes-kubeconfig",
      description: "Path of the kubeconfig; default `KUBECONFIG` (a colon-separated list is merged as kubectl does), then `~/.kube/config`, then the in-cluster service account."
    },
    {
      name: "kubernetes-include-ca",
      description: "Also write `ca.crt` with the issuer's chain (the certificate without the leaf).",
      kind: "boolean",
      default: "false"
    }
  ]
};

// src/deploy/kubernetes/index.ts
var NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
var SECRET_NAME = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
function parseSecretRef(text) {
  const [namespace = "", name = "", ...rest] = text.split("/");
  const expected = "expected namespace/name, such as ingress/example-com-tls";
  if (rest.length > 0 || name === "")
    throw new Error(`kubernetes-secret: "${text}" is not namespace/name; ${expected}`);
  if (!NAMESPACE.test(namespace))
    throw new Error(
      `kubernetes-secret: "${namespace}" is not a namespace name (lower-case letters, digits, -); ${expected}`
    );
  if (!SECRET_NAME.test(name))
    throw new Error(
      `kubernetes-secret: "${name}" is not a Secret name (lower-case letters, digits, - and .); ${expected}`
    );
  return { namespace, name };
}
var definition26 = {
  ...metadata26,
  configure(values) {
    const secret = parseSecretRef(
      requireOption(values, "kubernetes-secret", "namespace/name, such as ingress/web-tls")
    );
    const context = optionalOption(values, "kubernetes-context");
    const kubeconfig = optionalOption(values, "kubernetes-kubeconfig");
    const includeCa = booleanOption(values, "kubernetes-include-ca", false, "true to also write ca.crt");
    const settings = { ...secret, context, kubeconfig, includeCa };
    const where = `${secret.namespace}/${secret.name}`;
    return {
      name: "kubernetes",
      description: `kubernetes (Secret ${where}, ${context ? `context ${context}` : "current context"})`,
      key: `kubernetes:${context ?? ""}/${where}`,
      async create(deployContext) {
        const { KubernetesTarget } = await import("./target-EB2EUYID.js");
        return new KubernetesTarget(settings, deployContext);
      }
    };
  }
};

// src/deploy/vault/metadata.ts
var metadata27 = {
  name: "vault",
  description: "HashiCorp Vault or OpenBao KV v2: a new version of a secret, logging in with the job's GitHub OIDC token or a token",
  options: [
    {
      name: "vault-addr",
      description: "Vault's address, such as https://vault.example.com:8200; default `VAULT_ADDR`.",
      kind: "url"
    },
    {
      name: "vault-path",
      description: "Where to write, as `mount/path` of a KV v2 secrets engine, such as `secret/certs/example.com` (the first segment is the mount).",
      required: true
    },
    {
      name: "vault-role",
      description: "The JWT auth role to log in as with the job's GitHub OIDC token (needs `permissions: id-token: write`); not needed with `vault-token`."
    },
    {
      name: "vault-auth-mount",
      description: "Where the JWT auth method is mounted.",
      default: "jwt"
    },
    {
      name: "vault-token",
      description: "A Vault token to write with instead of logging in with OIDC.",
      secret: true,
      envAliases: ["VAULT_TOKEN"]
    },
    {
      name: "vault-namespace",
      description: "The Vault Enterprise / HCP Vault namespace (`X-Vault-Namespace`); default `VAULT_NAMESPACE`."
    },
    {
      name: "vault-oidc-audience",
      description: "The audience of the GitHub OIDC token, as the role's `bound_audiences` expects; default GitHub's (`https://github.com/OWNER`)."
    }
  ]
};

// src/deploy/vault/index.ts
var SEGMENT = /^[A-Za-z0-9_.@+-]+$/;
function parseKvPath(text) {
  const expected = "expected mount/path of a KV v2 engine, such as secret/certs/example.com";
  const segments = text.replace(/^\/+|\/+$/g, "").split("/");
  if (segments.length < 2) throw new Error(`vault-path: "${text}" has no path after the mount; ${expected}`);
  if (segments.some((s) => !SEGMENT.test(s) || s === "." || s === ".."))
    throw new Error(`vault-path: "${text}" has an empty or invalid segment; ${expected}`);
  if (segments[1] === "data" || segments[1] === "metadata")
    throw new Error(
      `vault-path: "${text}" names the API's ${segments[1]}/ segment; give the secret's path without it, ${expected}`
    );
  const [mount = "", ...rest] = segments;
  return { mount, path: rest.join("/") };
}
var definition27 = {
  ...metadata27,
  configure(values) {
    const { mount, path } = parseKvPath(
      requireOption(values, "vault-path", "mount/path, such as secret/certs/example.com")
    );
    const addr = urlOption(values, "vault-addr", "https://vault.example.com:8200");
    const token = optionalOption(values, "vault-token");
    const role = optionalOption(values, "vault-role");
    if (!token && !role)
      throw new Error(
        "vault-role: missing; expected the JWT auth role to log in as with the job's OIDC token, or set vault-token (VAULT_TOKEN)"
      );
    const authMount = optionalOption(values, "vault-auth-mount") ?? "jwt";
    if (!/^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/.test(authMount))
      throw new Error(`vault-auth-mount: "${authMount}" is not a mount path; expected such as jwt or github-jwt`);
    const settings = {
      addr,
      mount,
      path,
      auth: token ? { kind: "token", token } : { kind: "jwt", role: role ?? "", authMount },
      namespace: optionalOption(values, "vault-namespace"),
      audience: optionalOption(values, "vault-oidc-audience")
    };
    const how = token ? "token" : `JWT role ${role}`;
    return {
      name: "vault",
      description: `vault (KV v2 ${mount}/${path}${addr ? ` at ${addr}` : ""}, ${how})`,
      key: `vault:${settings.namespace ? `${settings.namespace}:` : ""}${mount}/${path}`,
      async create(context) {
        const { VaultTarget } = await import("./target-L7E7AOOU.js");
        return new VaultTarget(settings, context);
      }
    };
  }
};

// src/deploy/index.ts
var DEPLOY_TARGETS = [
  definition22,
  definition23,
  definition24,
  definition25,
  definition26,
  definition27
];

// src/config/nearest.ts
function editDistance(a, b) {
  const rows = Array.from(
    { length: a.length + 1 },
    (_, i) => Array.from({ length: b.length + 1 }, (_2, j) => i === 0 ? j : j === 0 ? i : 0)
  );
  const at = (i, j) => rows[i]?.[j] ?? Infinity;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      rows[i][j] = best;
    }
  }
  return at(a.length, b.length);
}
function nearest(word, candidates) {
  const limit = Math.max(1, Math.floor(word.length / 3));
  let best;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate);
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best;
}

// src/config/deploy.ts
var DEPLOY_INPUTS = [
  {
    name: "deploy-to",
    kind: "list",
    description: "Deploy targets the certificate goes to once the run has it (issued, renewed, or current but not there yet), comma-separated: see docs/deploy.md; each takes its own inputs (`acm-regions`, `kubernetes-secret`, ...). The state remembers what each holds: a target that holds the certificate is not called.",
    repeatable: true,
    file: {
      refused: "a config file lists them per certificate (or at its top level for all) as deploy: [{ target: NAME, ... }]"
    }
  },
  {
    name: "deploy-failure",
    description: "`fail`: a deploy target that failed fails the run (exit code 1); `warn`: it is reported and the run succeeds. Either way the certificate is kept and the next run tries that target again, without a new order.",
    default: "fail",
    file: { levels: ["top"], runWide: "it decides how the run ends" }
  }
];
function parseDeployFailure(values) {
  const text = (optionalOption(values, "deploy-failure") ?? "fail").toLowerCase();
  if (text !== "fail" && text !== "warn")
    throw new Error(`deploy-failure: "${text}" is not a policy; expected fail or warn`);
  return text;
}
function targetNamed(name, where) {
  const definition28 = DEPLOY_TARGETS.find((t) => t.name === name.toLowerCase());
  if (definition28) return definition28;
  const names = DEPLOY_TARGETS.map((t) => t.name);
  const near = nearest(name.toLowerCase(), names);
  throw new Error(
    `${where}: "${name}" is not a deploy target; ${near ? `did you mean "${near}"? ` : ""}expected one of ${names.join(", ")}`
  );
}
function distinct(targets, where) {
  const seen = /* @__PURE__ */ new Set();
  for (const target of targets) {
    if (seen.has(target.key)) throw new Error(`${where}: ${target.description} is listed twice; list each place once`);
    seen.add(target.key);
  }
  return [...targets];
}
function parseDeployTo(values) {
  const targets = splitList(values["deploy-to"]).map((name) => targetNamed(name, "deploy-to").configure(values));
  return distinct(targets, "deploy-to");
}
var isObject = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
function settingText(where, value2) {
  if (value2 === void 0 || value2 === null) return void 0;
  const items = Array.isArray(value2) ? value2 : [value2];
  if (!items.every((v) => v === null || ["string", "number", "boolean"].includes(typeof v)))
    throw new Error(`${where}: a mapping is not a value here; expected text, a number, true/false or a list of them`);
  return items.map(String).join(",");
}
function deployItemValues(item, where) {
  if (!isObject(item) || typeof item.target !== "string")
    throw new Error(
      `${where}: expected a mapping with target: NAME and the target's settings, such as { target: acm }`
    );
  const definition28 = targetNamed(item.target, `${where}: target`);
  const prefix = `${definition28.name}-`;
  const settings = definition28.options.map((o) => o.name.slice(prefix.length));
  const values = {};
  for (const [key, value2] of Object.entries(item)) {
    if (key === "target") continue;
    const setting = key.startsWith(prefix) ? key.slice(prefix.length) : key;
    if (!settings.includes(setting)) {
      const near = nearest(setting, settings);
      throw new Error(
        `${where}: unknown key "${key}" for target ${definition28.name}; ` + (near ? `did you mean "${near}"?` : `expected target or one of ${settings.join(", ") || "none"}`)
      );
    }
    values[`${prefix}${setting}`] = settingText(`${where}: ${key}`, value2);
  }
  return { definition: definition28, values };
}
function parseDeployItems(items, inherited, where = "deploy") {
  if (items === void 0 || items === null) return [];
  if (!Array.isArray(items))
    throw new Error(`${where}: expected a list of targets, such as [{ target: kubernetes, secret: ns/name }]`);
  const targets = items.map((item, index) => {
    const at = `${where}[${index}]`;
    const { definition: definition28, values } = deployItemValues(item, at);
    try {
      return definition28.configure({ ...inherited, ...values });
    } catch (error) {
      throw new Error(`${at}: ${error.message}`, { cause: error });
    }
  });
  return distinct(targets, where);
}

export {
  generateCertificateKey,
  importCertificateKey,
  parseServerAddress,
  formatServerAddress,
  query,
  txtValues,
  answerText,
  planChallengeRecords,
  warmChallengeTargets,
  groupByZone,
  PROVIDERS,
  withoutUrl,
  heartbeatCall,
  KIND_NAMES,
  NOTIFY_EVENTS,
  parseNotifySettings,
  parseCron,
  nextCronRun,
  parseStoreSpec,
  readFileIfExists,
  makeFolder,
  writeFileAtomic,
  folderProblem,
  processAlive,
  acquireLockFile,
  FileStore,
  storeKinds,
  SERVER_ALIASES,
  DEFAULT_OUTPUT_DIR,
  CORE_INPUTS,
  value,
  parseBoolean,
  SERVER_EAB_KEY,
  parseProvider,
  parseCertificateRequest,
  CERTIFICATE_NAME_INPUTS,
  parseCertificateSettings,
  RENEW_INPUTS,
  parseAccountCa,
  parseWarnDays,
  parseRenewalPolicy,
  DEPLOY_TARGETS,
  nearest,
  DEPLOY_INPUTS,
  parseDeployFailure,
  parseDeployTo,
  deployItemValues,
  parseDeployItems,
  secretParts,
  secretsIn,
  secretsInFiles
};
